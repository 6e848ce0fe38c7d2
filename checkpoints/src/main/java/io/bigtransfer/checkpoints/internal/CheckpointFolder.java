package io.bigtransfer.checkpoints.internal;

import io.bigtransfer.checkpoints.CheckpointRecord;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where a store keeps its checkpoints and pointers: a local directory or an S3 prefix. Names are
 * bare (no '/'). Every write replaces its target whole: a reader sees the old content or the
 * new, never a part.
 */
public interface CheckpointFolder {

    /** The folder as users see it: a directory path or an s3:// prefix. */
    String location();

    /** The entry {@code name} as users see it: a file path or an s3:// URI. */
    String location(String name);

    /** Makes the folder ready for writing; called before each save. */
    void prepare() throws IOException;

    void writeCheckpoint(String name, CheckpointRecord record) throws IOException;

    /** Reads a checkpoint, refusing a damaged one with a {@code CheckpointException} naming its location. */
    CheckpointRecord readCheckpoint(String name);

    /** A small text entry (a pointer), or empty when there is none. */
    Optional<String> readText(String name) throws IOException;

    void writeText(String name, String text) throws IOException;

    boolean exists(String name) throws IOException;

    /** The names of the entries directly in the folder, in no particular order; none when it does not exist. */
    List<String> names() throws IOException;

    /** Deletes an entry; deleting a missing one is no error. */
    void delete(String name) throws IOException;

    /** Makes the deletions since the last call durable. */
    void syncDeletions() throws IOException;
}
