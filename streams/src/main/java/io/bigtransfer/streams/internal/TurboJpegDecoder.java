package io.bigtransfer.streams.internal;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import io.bigtransfer.streams.BadInputException;
import io.bigtransfer.streams.DecodedImage;
import io.bigtransfer.streams.ImageDecoder;
import io.bigtransfer.streams.PixelBuffer;
import io.bigtransfer.streams.RgbImage;
import io.bigtransfer.streams.SkipReason;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * JPEG through the system's libjpeg-turbo (TurboJPEG API): SIMD, about twice as fast as OpenCV's
 * bundled copy. RGB, YCbCr and grey JPEGs decode straight to RGB; CMYK and YCCK decode to CMYK
 * and are converted here ({@link CmykToRgb}, inverted when an Adobe segment marks them).
 * Reduced decoding uses TurboJPEG's DCT scaling (1/2, 1/4, 1/8), which averages each r x r block
 * inside the IDCT. A warning that the data ended early ("premature end") is a truncated input;
 * other warnings keep the image. Anything TurboJPEG refuses is a {@link TurboJpegException}.
 */
public final class TurboJpegDecoder implements ImageDecoder {
    /** Native buffers up to this size are kept for the next image; larger ones are freed at once. */
    private static final long KEPT_BUFFER_BYTES = 16L << 20;
    /** The smallest native input buffer: most JPEGs fit, so it rarely grows. */
    private static final long MIN_INPUT_BYTES = 256 << 10;

    private final TurboJpegApi api;
    /** Handles not in use; at most as many as decodes ever ran at once. */
    private final ConcurrentLinkedQueue<Session> idle = new ConcurrentLinkedQueue<>();

    private TurboJpegDecoder(TurboJpegApi api) {
        this.api = api;
    }

    /** Loads {@code library} (a soname or path); throws {@link UnsatisfiedLinkError} where it is missing. */
    static TurboJpegDecoder load(String library) {
        return new TurboJpegDecoder(Native.load(library, TurboJpegApi.class));
    }

    @Override
    public RgbImage decode(byte[] encoded) throws IOException {
        return decodeReduced(encoded, 1).image();
    }

    @Override
    public DecodedImage decodeReduced(byte[] encoded, int reduction) throws IOException {
        return decodeReduced(encoded, reduction, new PixelBuffer());
    }

    @Override
    public DecodedImage decodeReduced(byte[] encoded, int reduction, PixelBuffer reuse) throws IOException {
        Session session = idle.poll();
        if (session == null) {
            session = new Session();
        }
        try {
            return session.decode(encoded, reduction, reuse);
        } finally {
            if (session.failed) {
                session.close();
            } else {
                idle.offer(session);
            }
        }
    }

    @Override
    public String toString() {
        return "turbojpeg";
    }

    /**
     * One TurboJPEG handle and its output buffer, used by one thread at a time. A handle that saw
     * an error is not used again: after a failed tjDecompressHeader3, libjpeg-turbo 2.1 leaves the
     * handle mid-header, and its next header is read wrong.
     */
    private final class Session {
        private final Pointer handle;
        private final int[] width = new int[1];
        private final int[] height = new int[1];
        private final int[] subsampling = new int[1];
        private final int[] colorspace = new int[1];
        private Memory kept;
        private Memory keptInput;
        private boolean failed;

        Session() {
            handle = api.tjInitDecompress();
            if (handle == null) {
                throw new IllegalStateException("TurboJPEG could not create a decompressor");
            }
        }

        DecodedImage decode(byte[] jpeg, int reduction, PixelBuffer reuse) throws IOException {
            Memory input = input(jpeg);
            try {
                return decode(input, jpeg, reduction, reuse);
            } finally {
                if (input != keptInput) {
                    input.close();
                }
            }
        }

        private DecodedImage decode(Memory input, byte[] jpeg, int reduction, PixelBuffer reuse) throws IOException {
            NativeLong size = new NativeLong(jpeg.length);
            if (api.tjDecompressHeader3(handle, input, size, width, height, subsampling, colorspace) != 0) {
                failed = true;
                throw new TurboJpegException(api.tjGetErrorStr2(handle));
            }
            int outWidth = DecodedImage.reducedSide(width[0], reduction);
            int outHeight = DecodedImage.reducedSide(height[0], reduction);
            boolean cmyk = colorspace[0] == TurboJpegApi.COLORSPACE_CMYK
                    || colorspace[0] == TurboJpegApi.COLORSPACE_YCCK;
            int channels = cmyk ? 4 : 3;
            long bytes = (long) outWidth * outHeight * channels;
            if (bytes > Integer.MAX_VALUE) {
                throw new BadInputException(SkipReason.TOO_LARGE, "JPEG of " + width[0] + "x" + height[0] + " pixels");
            }
            Memory buffer = buffer(bytes);
            try {
                if (api.tjDecompress2(handle, input, size, buffer, outWidth, 0, outHeight,
                        cmyk ? TurboJpegApi.PIXEL_CMYK : TurboJpegApi.PIXEL_RGB, 0) != 0) {
                    handleError();
                }
                byte[] rgb;
                if (cmyk) {
                    rgb = CmykToRgb.convert(buffer.getByteArray(0, (int) bytes), JpegHeader.hasAdobeSegment(jpeg));
                } else {
                    rgb = reuse.atLeast((int) bytes);
                    buffer.read(0, rgb, 0, (int) bytes);
                }
                return new DecodedImage(new RgbImage(outWidth, outHeight, rgb), reduction);
            } finally {
                if (buffer != kept) {
                    buffer.close();
                }
            }
        }

        /** {@code jpeg} copied into native memory, kept for the next image unless it is large. */
        private Memory input(byte[] jpeg) {
            Memory memory;
            if (jpeg.length > KEPT_BUFFER_BYTES) {
                memory = new Memory(jpeg.length);
            } else {
                if (keptInput == null || keptInput.size() < jpeg.length) {
                    if (keptInput != null) {
                        keptInput.close();
                    }
                    keptInput = new Memory(Math.max(jpeg.length, MIN_INPUT_BYTES));
                }
                memory = keptInput;
            }
            memory.write(0, jpeg, 0, jpeg.length);
            return memory;
        }

        private Memory buffer(long bytes) {
            if (bytes > KEPT_BUFFER_BYTES) {
                return new Memory(bytes);
            }
            if (kept == null || kept.size() < bytes) {
                if (kept != null) {
                    kept.close();
                }
                kept = new Memory(bytes);
            }
            return kept;
        }

        void close() {
            api.tjDestroy(handle);
            if (kept != null) {
                kept.close();
            }
            if (keptInput != null) {
                keptInput.close();
            }
        }

        /** Throws for a fatal error or an early end; returns for any other warning. */
        private void handleError() throws IOException {
            failed = true;
            String message = api.tjGetErrorStr2(handle);
            if (api.tjGetErrorCode(handle) != TurboJpegApi.ERROR_WARNING) {
                throw new TurboJpegException(message);
            }
            if (message.toLowerCase(Locale.ROOT).contains("premature end")) {
                throw new BadInputException(SkipReason.TRUNCATED, "TurboJPEG: " + message);
            }
        }
    }
}
