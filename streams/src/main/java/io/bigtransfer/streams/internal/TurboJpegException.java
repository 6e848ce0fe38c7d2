package io.bigtransfer.streams.internal;

import java.io.IOException;

/** TurboJPEG refused an image (a fatal error): another decoder may still read it. */
final class TurboJpegException extends IOException {
    TurboJpegException(String message) {
        super(message);
    }
}
