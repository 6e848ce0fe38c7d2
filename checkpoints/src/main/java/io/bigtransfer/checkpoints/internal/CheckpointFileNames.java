package io.bigtransfer.checkpoints.internal;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names inside a checkpoint directory or S3 prefix: {@code ckpt-000001200.bitckpt} per checkpoint
 * (zero-padded so that listings sort by step), the {@code latest} and {@code best} pointers, and
 * (in a local directory) temporary files beside them.
 */
public final class CheckpointFileNames {
    public static final String LATEST = "latest";
    public static final String BEST = "best";

    private static final Pattern CHECKPOINT = Pattern.compile("ckpt-(\\d{9,})\\.bitckpt");
    private static final Pattern TEMPORARY = Pattern.compile(
            "(ckpt-\\d{9,}\\.bitckpt|" + LATEST + "|" + BEST + ")\\..+" + Pattern.quote(DurableFiles.TEMP_SUFFIX));

    private CheckpointFileNames() {
    }

    public static String forStep(long step) {
        return String.format("ckpt-%09d.bitckpt", step);
    }

    /** The step of a checkpoint file name; empty for any other name, temporary files included. */
    public static OptionalLong stepOf(String name) {
        Matcher matcher = CHECKPOINT.matcher(name);
        if (!matcher.matches()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(matcher.group(1)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Whether a bare name (no directory part) is a checkpoint file's name. */
    public static boolean isCheckpoint(String name) {
        return CHECKPOINT.matcher(name).matches();
    }

    /** A temporary file one of our writers left behind. */
    public static boolean isTemporary(String name) {
        return TEMPORARY.matcher(name).matches();
    }
}
