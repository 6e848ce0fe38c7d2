package io.bigtransfer.streams.internal;

/** File and member names of a shard set (WebDataset's convention: members grouped by key). */
public final class ShardNames {
    public static final String CLASSES = "classes.txt";
    public static final String TAR = ".tar";
    public static final String INDEX = ".idx";
    private static final String PREFIX = "shard-";

    private ShardNames() {
    }

    /** {@code shard-000042.tar}: six digits at least, so names sort in shard order. */
    public static String tar(int shard) {
        return PREFIX + String.format("%06d", shard) + TAR;
    }

    /** The index beside {@code tar}: the same name ending in {@value #INDEX}. */
    public static String index(String tar) {
        return tar.substring(0, tar.length() - TAR.length()) + INDEX;
    }

    /** The sample's key: its position in the packed data set, nine digits at least. */
    public static String key(int sample) {
        return String.format("%09d", sample);
    }

    /** {@code <key>.jpg} or {@code <key>.png} by the bytes' signature; {@code <key>.bin} for anything else. */
    public static String imageMember(String key, byte[] bytes) {
        if (JpegHeader.matches(bytes)) {
            return key + ".jpg";
        }
        return key + (PngHeader.matches(bytes) ? ".png" : ".bin");
    }

    public static String classMember(String key) {
        return key + ".cls";
    }
}
