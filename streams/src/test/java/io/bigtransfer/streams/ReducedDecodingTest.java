package io.bigtransfer.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.config.Normalization;
import io.bigtransfer.streams.internal.BilinearCrop;
import io.bigtransfer.streams.internal.TurboJpegTesting;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decoding at 1/2, 1/4 or 1/8 when the plan allows it changes only the source of the bilinear
 * resize: the crop geometry is the same, and the pixels stay close to those of a full-size decode.
 */
class ReducedDecodingTest {
    private ImageDecoder turbo;

    @BeforeEach
    void load() {
        turbo = TurboJpegTesting.turboJpeg();
    }

    private static CropPlan resizeBox(int boxHeight, int boxWidth, int resizedHeight, int resizedWidth) {
        return new CropPlan(new SourceBox(0, 0, boxHeight, boxWidth), resizedHeight, resizedWidth, 0, 0,
                resizedHeight, resizedWidth, false);
    }

    @Test
    void reductionIsTheLargestThatKeepsBothSidesAtLeastTheResizedSides() {
        assertEquals(1, resizeBox(447, 1000, 224, 224).decodeReduction());
        assertEquals(2, resizeBox(448, 1000, 224, 224).decodeReduction());
        assertEquals(2, resizeBox(895, 895, 224, 224).decodeReduction());
        assertEquals(4, resizeBox(896, 896, 224, 224).decodeReduction());
        assertEquals(8, resizeBox(1792, 5000, 224, 224).decodeReduction());
        assertEquals(8, resizeBox(8000, 8000, 224, 224).decodeReduction());
        assertEquals(1, resizeBox(100, 100, 224, 224).decodeReduction());
        // Downstream: the shorter side 750 goes to 256, so the resize shrinks 2.9x: 1/2 fits, 1/4 does not.
        CropPlan downstream = new DownstreamTrain(224).plan(750, 1000, SampleRandom.of(1, 0, 0, RandomPurpose.AUGMENT));
        assertEquals(2, downstream.decodeReduction());
        // The bench set's 500x375 images are never reduced at 224.
        assertEquals(1, new DownstreamEval(224).plan(375, 500, SampleRandom.of(1, 0, 0, RandomPurpose.AUGMENT))
                .decodeReduction());
    }

    private static float[] render(DecodedImage image, CropPlan plan) {
        float[] out = new float[plan.height() * plan.width() * 3];
        BilinearCrop.render(image, plan, Normalization.BIT, out, 0);
        for (int i = 0; i < out.length; i++) {
            out[i] = (out[i] * 0.5f + 0.5f) * 255f;
        }
        return out;
    }

    /**
     * Full size vs reduced on a real photo, for the plans of both training transforms. The reduced
     * decode averages r x r blocks inside the IDCT; the full-size resize samples without
     * antialiasing. So the reduced render must equal the full decode averaged in blocks and then
     * rendered with the same plan (geometry), and keep the full render's statistics; pixel by
     * pixel the two differ by the detail that the point-sampled full-size resize aliases.
     */
    @Test
    void aRealPhotoRendersCloseToItsFullSizeDecode() throws Exception {
        byte[] photo = Photos.graceHopper();
        RgbImage full = turbo.decode(photo);
        Set<Integer> reductions = new HashSet<>();
        for (Transform transform : new Transform[] {new UpstreamTrain(48), new DownstreamTrain(48)}) {
            for (long index = 0; index < 30; index++) {
                CropPlan plan = transform.plan(full.height(), full.width(),
                        SampleRandom.of(3, 0, index, RandomPurpose.AUGMENT));
                int reduction = plan.decodeReduction();
                reductions.add(reduction);
                float[] reduced = render(turbo.decodeReduced(photo, reduction), plan);
                RgbImage averaged = TurboJpegTesting.blockMeans(full, reduction);
                float[] blockAveraged = render(new DecodedImage(averaged, reduction), plan);
                float[] fullSize = render(new DecodedImage(full, 1), plan);
                String what = transform + " " + plan + " at 1/" + reduction;
                double geometry = meanAbsDiff(reduced, blockAveraged);
                assertTrue(geometry < 1, what + ": mean |difference| from the block-averaged render " + geometry);
                for (int c = 0; c < 3; c++) {
                    assertEquals(channelMean(fullSize, c), channelMean(reduced, c), 1.5, what + ": channel " + c);
                }
                double correlation = correlation(fullSize, reduced);
                assertTrue(correlation > 0.9, what + ": correlation with the full-size render " + correlation);
            }
        }
        assertTrue(reductions.containsAll(Set.of(2, 4, 8)), "used " + reductions);
    }

    private static double meanAbsDiff(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    private static double channelMean(float[] values, int channel) {
        double sum = 0;
        for (int i = channel; i < values.length; i += 3) {
            sum += values[i];
        }
        return sum * 3 / values.length;
    }

    private static double correlation(float[] a, float[] b) {
        double meanA = 0;
        double meanB = 0;
        for (int i = 0; i < a.length; i++) {
            meanA += a[i] / (double) a.length;
            meanB += b[i] / (double) b.length;
        }
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - meanA) * (b[i] - meanB);
            aa += (a[i] - meanA) * (a[i] - meanA);
            bb += (b[i] - meanB) * (b[i] - meanB);
        }
        return ab / Math.sqrt(aa * bb);
    }

    @Test
    void theStreamDecodesAtTheReductionThePlanAllows(@TempDir Path root) throws Exception {
        TestImages.write(root.resolve("a/disc.jpg"), disc());
        TestImages.write(root.resolve("a/small.jpg"), TestImages.encode(TestImages.noise(40, 30, 1), "jpg"));
        FolderDataset dataset = FolderDataset.open(root);
        Set<Integer> asked = ConcurrentHashMap.newKeySet();
        ImageDecoder recording = new ImageDecoder() {
            @Override
            public RgbImage decode(byte[] encoded) throws IOException {
                return turbo.decode(encoded);
            }

            @Override
            public DecodedImage decodeReduced(byte[] encoded, int reduction) throws IOException {
                asked.add(reduction);
                return turbo.decodeReduced(encoded, reduction);
            }
        };
        Transform eval = new DownstreamEval(32);
        ActorTestKit testKit = ActorTestKit.create();
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            ImagePipeline pipeline = new ImagePipeline(eval, Normalization.IMAGENET, recording, 2, executor,
                    new SkippedInputs());
            MicroBatch batch = StreamTestSupport.collect(EvalBatches.source(dataset, 2, pipeline), testKit.system())
                    .get(0);
            // 600x800: the shorter side goes to 37, and 600 >= 8 * 37; 30x40 is enlarged.
            assertEquals(Set.of(8, 1), asked);
            CropPlan plan = eval.plan(600, 800, SampleRandom.of(0, 0, 0, RandomPurpose.AUGMENT));
            float[] expected = new float[32 * 32 * 3];
            BilinearCrop.render(turbo.decodeReduced(disc(), 8), plan, Normalization.IMAGENET, expected, 0);
            assertArrayEquals(expected, Arrays.copyOf(batch.pixels(), expected.length));
        } finally {
            executor.shutdownNow();
            testKit.shutdownTestKit();
        }
    }

    /** A white disc of radius 60 centred at (500, 200) on black, 800x600, as a JPEG. */
    private static byte[] disc() {
        BufferedImage image = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillOval(440, 140, 120, 120);
        g.dispose();
        return TestImages.encode(image, "jpg");
    }

    /** Brightness-weighted mean position (x, y) of channel 0 in an output of {@code width} columns. */
    private static double[] centroid(float[] values, int width) {
        double sum = 0;
        double x = 0;
        double y = 0;
        for (int i = 0; i < values.length / 3; i++) {
            double v = values[i * 3];
            sum += v;
            x += v * (i % width);
            y += v * (i / width);
        }
        return new double[] {x / sum, y / sum};
    }

    @Test
    void theCropGeometryIsTheSame() throws Exception {
        byte[] jpeg = disc();
        DecodedImage full = turbo.decodeReduced(jpeg, 1);
        CropPlan[] plans = {
            // Box 400x320 at (300, 100) to 50x40: reduction 8; the disc's centre, box (200, 100), lands
            // at output (200 / 8 - 0.5, 100 / 8 - 0.5) = (24.5, 12).
            new CropPlan(new SourceBox(100, 300, 320, 400), 40, 50, 0, 0, 40, 50, false),
            new CropPlan(new SourceBox(100, 300, 320, 400), 40, 50, 0, 0, 40, 50, true),
            // The whole image to 200x150, a 100x100 window: reduction 4.
            new CropPlan(SourceBox.whole(600, 800), 150, 200, 10, 70, 100, 100, false),
        };
        for (CropPlan plan : plans) {
            assertTrue(plan.decodeReduction() > 1);
            double[] expected = centroid(render(full, plan), plan.width());
            double[] actual = centroid(render(turbo.decodeReduced(jpeg, plan.decodeReduction()), plan), plan.width());
            assertEquals(expected[0], actual[0], 0.1, plan + ": x");
            assertEquals(expected[1], actual[1], 0.1, plan + ": y");
        }
        double[] first = centroid(render(full, plans[0]), 50);
        assertEquals(24.5, first[0], 0.3);
        assertEquals(12, first[1], 0.3);
    }
}
