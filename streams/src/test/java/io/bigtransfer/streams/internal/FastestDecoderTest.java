package io.bigtransfer.streams.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.bigtransfer.streams.BadInputException;
import io.bigtransfer.streams.DecodedImage;
import io.bigtransfer.streams.ImageDecoder;
import io.bigtransfer.streams.RgbImage;
import io.bigtransfer.streams.SkipReason;
import io.bigtransfer.streams.TestImages;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FastestDecoderTest {
    private final ImageDecoder imageIo = ImageDecoder.imageIo();

    @Test
    void isOneSharedInstanceThatUsesTurboJpegWhereTheLibraryIsPresent() {
        TurboJpegTesting.turboJpeg();
        assertSame(ImageDecoder.fastest(), ImageDecoder.fastest());
        assertInstanceOf(JpegFirstDecoder.class, ImageDecoder.fastest());
    }

    @Test
    void reducesJpegsButNotPngs() throws Exception {
        ImageDecoder fastest = new JpegFirstDecoder(TurboJpegTesting.turboJpeg(), imageIo);
        BufferedImage image = TestImages.noise(40, 30, 2);
        assertEquals(4, fastest.decodeReduced(TestImages.encode(image, "jpg"), 4).reduction());
        DecodedImage png = fastest.decodeReduced(TestImages.encode(image, "png"), 4);
        assertEquals(1, png.reduction());
        assertEquals(40, png.image().width());
    }

    @Test
    void sixteenBitPngBecomesEightBitRgb() throws Exception {
        BufferedImage deep = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = deep.getRaster();
        raster.setPixels(0, 0, 3, 1, new int[] {0, 0x8000, 0xFFFF});
        RgbImage decoded = ImageDecoder.fastest().decode(TestImages.encode(deep, "png"));
        assertArrayEquals(new byte[] {0, 0, 0, (byte) 0x80, (byte) 0x80, (byte) 0x80, -1, -1, -1}, decoded.pixels());
    }

    @Test
    void aJpegTurboJpegRefusesGoesToTheFallback() throws Exception {
        AtomicInteger refusals = new AtomicInteger();
        ImageDecoder refusing = bytes -> {
            refusals.incrementAndGet();
            throw new TurboJpegException("Unsupported JPEG process");
        };
        byte[] jpeg = TestImages.encode(TestImages.noise(8, 8, 4), "jpg");
        RgbImage decoded = new JpegFirstDecoder(refusing, imageIo).decode(jpeg);
        assertEquals(1, refusals.get());
        assertArrayEquals(imageIo.decode(jpeg).pixels(), decoded.pixels());
    }

    @Test
    void aTruncatedJpegIsNotRetriedWithTheFallback() {
        ImageDecoder truncated = bytes -> {
            throw new BadInputException(SkipReason.TRUNCATED, "premature end");
        };
        ImageDecoder neverCalled = bytes -> {
            throw new AssertionError("the fallback was called");
        };
        byte[] jpeg = TestImages.encode(TestImages.noise(8, 8, 4), "jpg");
        BadInputException e = assertThrows(BadInputException.class,
                () -> new JpegFirstDecoder(truncated, neverCalled).decode(jpeg));
        assertEquals(SkipReason.TRUNCATED, e.reason());
    }

    @Test
    void aMissingLibraryMeansImageIoAndOneWarning() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(FastestDecoder.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            ImageDecoder decoder = FastestDecoder.choose("libturbojpeg-missing.so.0");
            assertInstanceOf(ImageIoDecoder.class, decoder);
            assertEquals(1, appender.list.size());
            ILoggingEvent event = appender.list.get(0);
            assertEquals(Level.WARN, event.getLevel());
            assertTrue(event.getFormattedMessage().contains("libturbojpeg0"), event.getFormattedMessage());
            assertEquals(8, decoder.decode(TestImages.encode(TestImages.noise(8, 8, 4), "jpg")).width());
        } finally {
            logger.detachAppender(appender);
        }
    }
}
