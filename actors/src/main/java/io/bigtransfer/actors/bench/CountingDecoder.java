package io.bigtransfer.actors.bench;

import io.bigtransfer.streams.DecodedImage;
import io.bigtransfer.streams.ImageDecoder;
import io.bigtransfer.streams.PixelBuffer;
import io.bigtransfer.streams.RgbImage;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A decoder that counts the images it was asked to decode, and otherwise is {@code inner}: the
 * stream bench's measure of how far decoding runs ahead of the consumer (a decode task may carry
 * several samples, so the executor's task count is not it).
 */
final class CountingDecoder implements ImageDecoder {
    private final ImageDecoder inner;
    private final AtomicLong decodes = new AtomicLong();

    CountingDecoder(ImageDecoder inner) {
        this.inner = inner;
    }

    long decodes() {
        return decodes.get();
    }

    @Override
    public RgbImage decode(byte[] encoded) throws IOException {
        decodes.incrementAndGet();
        return inner.decode(encoded);
    }

    @Override
    public DecodedImage decodeReduced(byte[] encoded, int reduction) throws IOException {
        decodes.incrementAndGet();
        return inner.decodeReduced(encoded, reduction);
    }

    @Override
    public DecodedImage decodeReduced(byte[] encoded, int reduction, PixelBuffer reuse) throws IOException {
        decodes.incrementAndGet();
        return inner.decodeReduced(encoded, reduction, reuse);
    }

    @Override
    public String toString() {
        return inner.toString();
    }
}
