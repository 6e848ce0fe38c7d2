package io.bigtransfer.actors.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineBenchmarkTest {
    private static Path folder(Path root) throws Exception {
        for (int c = 0; c < 2; c++) {
            Files.createDirectories(root.resolve("c" + c));
            for (int i = 0; i < 5; i++) {
                BufferedImage image = new BufferedImage(40 + i, 30, BufferedImage.TYPE_INT_RGB);
                image.setRGB(i, 3, 0xFF8040);
                ImageIO.write(image, "jpg", root.resolve("c" + c).resolve(i + ".jpg").toFile());
            }
        }
        return root;
    }

    @Test
    void timesTheAskedNumberOfBatchesAfterTheWarmUp(@TempDir Path root) throws Exception {
        for (String transform : new String[] {"upstream", "downstream"}) {
            PipelineBenchmark.Result result = PipelineBenchmark.run(new PipelineBenchmark.Settings(folder(root),
                    transform, 16, 4, 2, 2, 3, Double.POSITIVE_INFINITY));
            assertEquals(3, result.batches());
            assertEquals(12, result.images());
            assertEquals(10, result.samples());
            assertEquals(2, result.classes());
            assertEquals(0, result.skipped().total());
            assertTrue(result.imagesPerSecond() > 0);
            assertTrue(result.cpuSeconds() >= 0);
        }
    }

    @Test
    void knowsTheTwoTrainingTransforms() {
        assertEquals(32, PipelineBenchmark.transform("upstream", 32).resolution());
        assertEquals(32, PipelineBenchmark.transform("downstream", 32).resolution());
        assertThrows(IllegalArgumentException.class, () -> PipelineBenchmark.transform("official", 32));
    }
}
