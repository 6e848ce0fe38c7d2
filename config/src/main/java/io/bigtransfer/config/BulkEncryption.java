package io.bigtransfer.config;

/**
 * {@code bit.cluster.bulk-encryption}: what the bulk tensor channel does to the bytes of tensors on
 * the wire. Either way a peer must prove it holds the shared secret before it gets a tensor byte;
 * every node of a cluster must use the same (docs/remoting.md, "The bulk tensor channel").
 */
public enum BulkEncryption {
    /** Mutual TLS with the secret-derived certificates: tensors are encrypted and integrity-protected. */
    TLS,
    /**
     * A challenge-response with an HMAC of the secret on every connection, then the tensor in the
     * clear: for a network whose paths nobody else can read or change, where TLS would cost most of
     * the throughput.
     */
    NONE
}
