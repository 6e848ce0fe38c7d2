package io.bigtransfer.actors.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.backend.ParameterVersion;
import io.bigtransfer.model.HeInitializer;
import io.bigtransfer.model.ModelSpec;
import io.bigtransfer.model.SameDiffGradientEngine;
import io.bigtransfer.streams.MicroBatch;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The worker with a real gradient engine, fed slices from a queue, asked through probes. */
class WorkerTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final ModelSpec SPEC = new ModelSpec(new int[] {1, 1, 1, 1}, 0.0625, 2, 3);
    private static final int SIZE = 8;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    /** Slices handed out in order; remembers which rows were asked for. */
    private static final class QueuedSlices implements SliceSource {
        private final Deque<MicroBatch> batches = new ArrayDeque<>();
        private final List<String> asked = new ArrayList<>();
        private boolean closed;

        @Override
        public CompletionStage<MicroBatch> slice(long step, int from, int to) {
            asked.add(step + ":" + from + "-" + to);
            if (batches.isEmpty()) {
                return CompletableFuture.failedFuture(new IllegalStateException("the bucket went away"));
            }
            return CompletableFuture.completedFuture(batches.removeFirst());
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static MicroBatch slice(long step, int count) {
        Random random = new Random(step);
        float[] pixels = new float[count * SIZE * SIZE * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        float[] targets = new float[count * 3];
        int[] labels = new int[count];
        long[] indices = new long[count];
        for (int row = 0; row < count; row++) {
            labels[row] = row % 3;
            targets[row * 3 + labels[row]] = 1;
            indices[row] = step * 10 + row;
        }
        return new MicroBatch(step, 0, step * count, count, SIZE, SIZE, pixels, 3, targets, labels, indices, List.of());
    }

    /** A worker with a real engine built on its own engine thread; stopping it closes both. */
    private record StartedWorker(ActorRef<Worker.Command> ref, ExecutorService thread) {
        void stop() {
            testKit.stop(ref);
            thread.shutdown();
        }
    }

    private static StartedWorker start(int index, SliceSource slices) {
        ExecutorService thread = EngineThread.start("engine-test-" + index);
        SameDiffGradientEngine engine = CompletableFuture.supplyAsync(() -> new SameDiffGradientEngine(SPEC, SIZE, SIZE),
                thread).join();
        return new StartedWorker(testKit.spawn(Worker.create("local-" + index, slices, engine, thread, 1)), thread);
    }

    private static ParameterVersion parameters() {
        return new ParameterVersion(0, HeInitializer.initialize(SPEC, 1));
    }

    @Test
    void answersEachStepWithTheSliceGradientAndClosesItsStreamOnStop() {
        QueuedSlices slices = new QueuedSlices();
        slices.batches.add(slice(0, 4));
        slices.batches.add(slice(1, 0));
        StartedWorker worker = start(1, slices);
        TestProbe<SliceReply> replies = testKit.createTestProbe();

        worker.ref().tell(new Worker.ComputeSlice(0, 2, 4, 8, parameters(), replies.ref()));
        SliceReply.SliceGradient first = assertInstanceOf(SliceReply.SliceGradient.class,
                replies.receiveMessage(Duration.ofSeconds(60)));
        assertEquals(2, first.range());
        assertEquals(worker.ref(), first.worker());
        assertEquals(4, first.gradient().exampleCount());
        assertTrue(first.gradient().meanLoss() > 0);
        assertEquals(SPEC.parameterShapes().keySet().stream().toList(), first.gradient().meanGradient().names());

        // A slice whose every sample was skipped contributes no example and a zero gradient.
        worker.ref().tell(new Worker.ComputeSlice(1, 0, 0, 4, parameters(), replies.ref()));
        SliceReply.SliceGradient empty = assertInstanceOf(SliceReply.SliceGradient.class, replies.receiveMessage());
        assertEquals(0, empty.gradient().exampleCount());

        assertEquals(List.of("0:4-8", "1:0-4"), slices.asked);

        worker.ref().tell(new Worker.Retire());
        testKit.createTestProbe().expectTerminated(worker.ref(), Duration.ofSeconds(10));
        worker.thread().shutdown();
        assertTrue(slices.closed);
    }

    @Test
    void aSliceWhoseDataCannotBeLoadedFailsNamingTheWorker() {
        StartedWorker worker = start(0, new QueuedSlices());
        TestProbe<SliceReply> replies = testKit.createTestProbe();
        worker.ref().tell(new Worker.ComputeSlice(4, 1, 0, 2, parameters(), replies.ref()));
        SliceReply.SliceFailed failed = assertInstanceOf(SliceReply.SliceFailed.class,
                replies.receiveMessage(Duration.ofSeconds(60)));
        assertEquals(1, failed.range());
        assertTrue(failed.reason().startsWith("local-0: "), failed.reason());
        assertTrue(failed.reason().contains("the bucket went away"), failed.reason());
        worker.stop();
    }
}
