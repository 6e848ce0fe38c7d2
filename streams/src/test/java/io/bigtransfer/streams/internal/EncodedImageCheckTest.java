package io.bigtransfer.streams.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bigtransfer.streams.BadInputException;
import io.bigtransfer.streams.SkipReason;
import io.bigtransfer.streams.TestImages;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EncodedImageCheckTest {
    private static final byte[] PNG = TestImages.encode(TestImages.noise(40, 30, 1), "png");
    private static final byte[] JPEG = TestImages.encode(TestImages.noise(40, 30, 1), "jpg");

    private static SkipReason reason(byte[] bytes) {
        return assertThrows(BadInputException.class, () -> EncodedImageCheck.verify(bytes)).reason();
    }

    @Test
    void acceptsCompletePngAndJpeg() {
        assertDoesNotThrow(() -> EncodedImageCheck.verify(PNG));
        assertDoesNotThrow(() -> EncodedImageCheck.verify(JPEG));
        // Zero padding after EOI is common and harmless.
        assertDoesNotThrow(() -> EncodedImageCheck.verify(Arrays.copyOf(JPEG, JPEG.length + 16)));
    }

    @Test
    void readsTheDimensionsFromTheHeaders() throws BadInputException {
        assertEquals(new HeaderSize(40, 30), PngHeader.size(PNG));
        assertEquals(new HeaderSize(40, 30), JpegHeader.size(JPEG));
        assertEquals(new HeaderSize(70000, 3), PngHeader.size(TestImages.pngHeader(70000, 3)));
        assertEquals(new HeaderSize(60000, 50000), JpegHeader.size(TestImages.jpegHeader(60000, 50000)));
    }

    @Test
    void namesWhyAnInputIsBad() {
        assertEquals(SkipReason.EMPTY, reason(new byte[0]));
        assertEquals(SkipReason.NOT_AN_IMAGE, reason("hello, not an image".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(SkipReason.TRUNCATED, reason(TestImages.cut(PNG, 0.6)));
        assertEquals(SkipReason.TRUNCATED, reason(TestImages.cut(JPEG, 0.6)));
        assertEquals(SkipReason.TRUNCATED, reason(TestImages.cut(PNG, 0.5 * 20 / PNG.length)));
        assertEquals(SkipReason.TRUNCATED, reason(Arrays.copyOf(JPEG, 5)));
        assertEquals(SkipReason.TOO_LARGE, reason(TestImages.pngHeader(8193, 8192)));
        assertEquals(SkipReason.TOO_LARGE, reason(TestImages.jpegHeader(60000, 60000)));
        assertDoesNotThrow(() -> EncodedImageCheck.verify(TestImages.pngHeader(8192, 8192)));
        assertEquals(SkipReason.CORRUPT, reason(TestImages.jpegHeader(0, 10)));
    }
}
