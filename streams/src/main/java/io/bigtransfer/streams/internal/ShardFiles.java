package io.bigtransfer.streams.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The files of one shard set, in a local folder or under an S3 prefix: what the shard reader and
 * writer need, and nothing that depends on where they are.
 */
public interface ShardFiles {
    /** The folder or s3:// prefix, for messages. */
    String describe();

    /** The file {@code name}, for messages and log lines. */
    String location(String name);

    /** Names and sizes of the files directly in the set's folder. */
    Map<String, Long> list() throws IOException;

    byte[] read(String name) throws IOException;

    /** {@code length} bytes of file {@code name} from {@code offset}; thread-safe. */
    byte[] read(String name, long offset, int length) throws IOException;

    /** A new empty file to build a shard in before {@link #publish(String, Path)}. */
    Path newTempFile() throws IOException;

    /** Makes {@code file} the set's file {@code name} in one step (no reader sees half of it) and removes {@code file}. */
    void publish(String name, Path file) throws IOException;

    void publish(String name, byte[] bytes) throws IOException;
}
