package io.bigtransfer.streams.internal;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The part of libjpeg-turbo's TurboJPEG C API (version 2, {@code turbojpeg.h}) that decoding
 * needs, bound through JNA. A handle must not be used by two threads at once.
 */
interface TurboJpegApi extends Library {
    /** The soname of Debian's {@code libturbojpeg0}. */
    String LIBRARY = "libturbojpeg.so.0";

    /** Pixel formats (enum TJPF). */
    int PIXEL_RGB = 0;
    int PIXEL_CMYK = 11;
    /** JPEG colour spaces (enum TJCS). */
    int COLORSPACE_CMYK = 3;
    int COLORSPACE_YCCK = 4;
    /** Error codes (enum TJERR): a warning leaves a complete, maybe damaged, image. */
    int ERROR_WARNING = 0;

    Pointer tjInitDecompress();

    /*
     * The JPEG goes in as native memory: JNA would copy a byte[] argument in and back out again
     * on every call.
     */
    int tjDecompressHeader3(Pointer handle, Pointer jpeg, NativeLong jpegSize, int[] width, int[] height,
                            int[] subsampling, int[] colorspace);

    /**
     * Decodes into {@code destination} at the largest scaling factor whose result fits in
     * {@code width x height}; {@code pitch} 0 means rows of width * pixel size bytes; flags 0 mean
     * the accurate integer IDCT and smooth chroma upsampling.
     */
    int tjDecompress2(Pointer handle, Pointer jpeg, NativeLong jpegSize, Pointer destination, int width, int pitch,
                      int height, int pixelFormat, int flags);

    int tjGetErrorCode(Pointer handle);

    int tjDestroy(Pointer handle);

    String tjGetErrorStr2(Pointer handle);
}
