package io.bigtransfer.backend;

/**
 * Parameters as of one optimizer step. A version is never written after it is published: the
 * optimizer builds the next version in new arrays, so workers, the evaluator and checkpoint
 * writers can read an old version while training moves on.
 */
public record ParameterVersion(long version, NamedBuffers parameters) {
}
