package io.bigtransfer.streams;

/** Why an input was skipped; the label is what reports print. */
public enum SkipReason {
    /** The bytes could not be read (missing file, permissions, I/O error). */
    UNREADABLE("unreadable"),
    /** Zero bytes. */
    EMPTY("empty"),
    /** Neither PNG nor JPEG. */
    NOT_AN_IMAGE("not-an-image"),
    /** The file ends early: no IEND chunk (PNG) or EOI marker (JPEG), or a cut header. */
    TRUNCATED("truncated"),
    /** The header claims more than {@link #MAX_PIXELS} pixels; refused before decoding. */
    TOO_LARGE("too-large"),
    /** A PNG or JPEG that the decoder rejected. */
    CORRUPT("corrupt");

    /** 2^26 pixels (8192 x 8192): far above any training image, far below an out-of-memory. */
    public static final long MAX_PIXELS = 1L << 26;

    private final String label;

    SkipReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
