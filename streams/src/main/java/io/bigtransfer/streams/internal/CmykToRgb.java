package io.bigtransfer.streams.internal;

/**
 * CMYK samples to RGB by the naive formula R = (1 - C)(1 - K) and alike, with no colour profile.
 * Inverted samples (Adobe's convention: 255 means no ink) give R = C * K / 255 directly.
 */
final class CmykToRgb {
    private CmykToRgb() {
    }

    static byte[] convert(byte[] cmyk, boolean inverted) {
        int pixels = cmyk.length / 4;
        byte[] rgb = new byte[pixels * 3];
        int flip = inverted ? 0 : 0xFF;
        for (int p = 0; p < pixels; p++) {
            int k = (cmyk[p * 4 + 3] & 0xFF) ^ flip;
            for (int c = 0; c < 3; c++) {
                int v = (cmyk[p * 4 + c] & 0xFF) ^ flip;
                rgb[p * 3 + c] = (byte) ((v * k + 127) / 255);
            }
        }
        return rgb;
    }
}
