package io.bigtransfer.checkpoints;

/**
 * Where the data stream stands, so that a resumed run continues with the very next sample.
 *
 * @param epoch    the current pass over the data set (the seeded order depends on it)
 * @param position samples consumed since the start of training, over all epochs
 */
public record DataCursor(long epoch, long position) {

    public static final DataCursor START = new DataCursor(0, 0);

    public DataCursor {
        if (epoch < 0 || position < 0) {
            throw new IllegalArgumentException("a data cursor cannot be negative: epoch " + epoch
                    + ", position " + position);
        }
    }
}
