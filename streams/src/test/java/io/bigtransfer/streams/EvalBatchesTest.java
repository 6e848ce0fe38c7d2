package io.bigtransfer.streams;

import static io.bigtransfer.streams.StreamTestSupport.assertRowIsRendered;
import static io.bigtransfer.streams.StreamTestSupport.collect;
import static io.bigtransfer.streams.StreamTestSupport.pipeline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalBatchesTest {
    @TempDir
    static Path root;
    private static ActorTestKit testKit;
    private static ExecutorService executor;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create();
        executor = Executors.newFixedThreadPool(3);
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
        testKit.shutdownTestKit();
    }

    @Test
    void coversEverySampleOnceInListingOrder() throws Exception {
        TestImages.folder(root, 3, 5);
        TestImages.write(root.resolve("c1/zz-bad.jpg"), new byte[] {1, 2, 3});
        FolderDataset dataset = FolderDataset.open(root);
        SkippedInputs skipped = new SkippedInputs();
        Transform eval = new DownstreamEval(8);

        List<MicroBatch> batches = collect(EvalBatches.source(dataset, 4, pipeline(eval, executor, skipped)), testKit.system());

        assertEquals(4, batches.size()); // 16 samples
        List<Long> seen = new ArrayList<>();
        for (int b = 0; b < batches.size(); b++) {
            MicroBatch batch = batches.get(b);
            assertEquals(b, batch.step());
            assertEquals(4L * b, batch.position());
            int row = 0;
            for (long position = batch.position(); position < Math.min(16, batch.position() + 4); position++) {
                long index = position;
                if (batch.skipped().stream().anyMatch(s -> s.sampleIndex() == index)) {
                    seen.add(index);
                    continue;
                }
                assertEquals(index, batch.sampleIndices()[row]);
                assertEquals(dataset.label((int) index), batch.labels()[row]);
                assertRowIsRendered(dataset, 0, batch, row, eval);
                seen.add(index);
                row++;
            }
            assertEquals(row, batch.count());
        }
        assertEquals(LongStream.range(0, 16).boxed().toList(), seen);
        assertEquals(Map.of(SkipReason.NOT_AN_IMAGE, 1L), skipped.snapshot());
    }

    @Test
    void refusesAnEmptyBatchSize() {
        FolderDataset dataset = FolderDataset.open(TestImages.folder(root.resolve("small"), 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> EvalBatches.source(dataset, 0, pipeline(new DownstreamEval(8), executor, new SkippedInputs())));
    }
}
