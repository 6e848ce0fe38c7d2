package io.bigtransfer.streams;

import java.io.IOException;
import java.util.List;

/**
 * A fixed listing of labelled encoded images. Index {@code i} always names the same image, so a
 * sample index is a stable global identity (orders, random keys and batches refer to it).
 */
public interface Dataset {
    /** Class names; a label is an index into this list. */
    List<String> classNames();

    /** Number of samples; at least 1. */
    int size();

    /** Class index of sample {@code index}. */
    int label(int index);

    /** The encoded bytes of sample {@code index}; called from decode threads, so thread-safe. */
    byte[] read(int index) throws IOException;

    /** Where sample {@code index} comes from, for log lines (a path or URI). */
    String location(int index);
}
