package io.bigtransfer.streams.internal;

import io.bigtransfer.streams.ImageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses {@link io.bigtransfer.streams.ImageDecoder#fastest()} once per process: TurboJPEG with
 * ImageIO behind it, or ImageIO alone where the system's libjpeg-turbo is missing (said once, as
 * a WARN line).
 */
public final class FastestDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(FastestDecoder.class);

    private FastestDecoder() {
    }

    public static ImageDecoder instance() {
        return Holder.INSTANCE;
    }

    /** TurboJPEG from {@code library} (a soname or path) with ImageIO behind it, or ImageIO alone. */
    static ImageDecoder choose(String library) {
        ImageDecoder imageIo = new ImageIoDecoder();
        try {
            return new JpegFirstDecoder(TurboJpegDecoder.load(library), imageIo);
        } catch (LinkageError e) {
            LOG.warn("The system's libjpeg-turbo ({}, Debian package libturbojpeg0) could not be loaded, so JPEGs"
                    + " are decoded with ImageIO, about half as fast and never at a reduced size: {}", library,
                    firstLine(e.getMessage()));
            return imageIo;
        }
    }

    private static String firstLine(String message) {
        return message == null ? "no reason given" : message.lines().findFirst().orElse(message);
    }

    /** Loaded on first use, so a process that never decodes never looks for the library. */
    private static final class Holder {
        static final ImageDecoder INSTANCE = choose(TurboJpegApi.LIBRARY);
    }
}
