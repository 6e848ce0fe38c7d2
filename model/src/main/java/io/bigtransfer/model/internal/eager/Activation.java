package io.bigtransfer.model.internal.eager;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A float32 NHWC tensor allocated once for up to {@code capacity} images and reused every step.
 * A batch of fewer images uses the first ones: the ND4J views of {@link #images} and {@link #rows}
 * share the buffer, and Java kernels read and write it through {@link #bytes} or {@link #data}.
 */
final class Activation {
    final int height;
    final int width;
    final int channels;
    private final INDArray full;
    /** The whole buffer, in native byte order; image {@code n} starts at float {@code n * imageSize()}. */
    final ByteBuffer bytes;
    /** The same buffer as floats. */
    final FloatBuffer data;
    private int viewCount = -1;
    private INDArray images;
    private INDArray rows;

    Activation(int capacity, int height, int width, int channels) {
        this.height = height;
        this.width = width;
        this.channels = channels;
        full = Nd4j.create(DataType.FLOAT, capacity, height, width, channels);
        bytes = full.data().asNio().order(ByteOrder.nativeOrder());
        data = bytes.asFloatBuffer();
    }

    int pixels() {
        return height * width;
    }

    int imageSize() {
        return height * width * channels;
    }

    /** The first {@code count} images, [count, H, W, C]. */
    INDArray images(int count) {
        views(count);
        return images;
    }

    /** The first {@code count} images as one row per pixel, [count * H * W, C]. */
    INDArray rows(int count) {
        views(count);
        return rows;
    }

    void release() {
        full.close();
    }

    private void views(int count) {
        if (count != viewCount) {
            images = Nd4j.create(full.data(), new long[] {count, height, width, channels},
                    new long[] {(long) height * width * channels, (long) width * channels, channels, 1}, 0, 'c');
            rows = Nd4j.create(full.data(), new long[] {(long) count * height * width, channels},
                    new long[] {channels, 1}, 0, 'c');
            viewCount = count;
        }
    }
}
