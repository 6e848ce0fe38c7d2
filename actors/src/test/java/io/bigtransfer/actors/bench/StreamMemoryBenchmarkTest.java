package io.bigtransfer.actors.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.actors.training.PrefetchingSliceSource;
import io.bigtransfer.config.DataTransform;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamMemoryBenchmarkTest {
    @Test
    void reportsFallAtTheFirstBatchEndPastEachMarkAndAtTheTarget() {
        assertEquals(500, StreamMemoryBenchmark.nextReport(0, 500, 2000));
        assertEquals(1000, StreamMemoryBenchmark.nextReport(512, 500, 2000));
        assertEquals(2000, StreamMemoryBenchmark.nextReport(1536, 500, 2000));
        // A batch that crossed two marks (1000 and 1500) gives one report; the next mark is 2000.
        assertEquals(2000, StreamMemoryBenchmark.nextReport(1600, 500, 2500));
        // The target comes before the next mark.
        assertEquals(1050, StreamMemoryBenchmark.nextReport(1024, 500, 1050));
        assertEquals(700, StreamMemoryBenchmark.nextReport(0, 100_000, 700));
    }

    @Test
    void streamsManyEpochsOfRealPngFilesAndReportsEveryMark(@TempDir Path root) throws Exception {
        for (int c = 0; c < 2; c++) {
            Files.createDirectories(root.resolve("c" + c));
            for (int i = 0; i < 5; i++) {
                BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
                image.getRaster().setSample(i, c, 0, 200);
                ImageIO.write(image, "png", root.resolve("c" + c).resolve(i + ".png").toFile());
            }
        }
        int batch = 128;
        int threads = 2;
        List<StreamMemoryBenchmark.Report> seen = new ArrayList<>();
        StreamMemoryBenchmark.Result result = StreamMemoryBenchmark.run(new StreamMemoryBenchmark.Settings(root,
                DataTransform.DOWNSTREAM, 32, batch, threads, 2000, 500), seen::add);

        // Whole batches of 128: the marks 500, 1000, 1500 and 2000 are passed at 512, 1024, 1536 and 2048.
        assertEquals(List.of(512L, 1024L, 1536L, 2048L),
                result.reports().stream().map(StreamMemoryBenchmark.Report::images).toList());
        assertEquals(result.reports(), seen);
        assertEquals(2048, result.images());
        // The reporting batch starts at position images - 128 of 10 samples per epoch: 384 -> 38, 896 -> 89, ...
        assertEquals(List.of(38L, 89L, 140L, 192L),
                result.reports().stream().map(StreamMemoryBenchmark.Report::epoch).toList());
        assertEquals(10, result.samples());
        assertEquals(2, result.classes());
        assertEquals(0, result.skipped().total());
        assertTrue(result.imagesPerSecond() > 0);
        assertTrue(result.maxHeapBytes() >= Runtime.getRuntime().totalMemory() / 2);
        // What the worker's input holds ahead of it: the batches of the next two steps, decoded ahead.
        long bound = (long) PrefetchingSliceSource.DEPTH * batch;
        for (StreamMemoryBenchmark.Report report : result.reports()) {
            assertTrue(report.heapAfterGcBytes() > 0 && report.heapAfterGcBytes() <= result.maxHeapBytes());
            assertTrue(report.decodedAhead() >= 0 && report.decodedAhead() <= bound,
                    "decoded ahead: " + report.decodedAhead() + ", bound " + bound);
            assertTrue(report.imagesPerSecond() > 0);
        }
    }
}
