package io.bigtransfer.model.internal.eager;

import io.bigtransfer.backend.NativeBackend;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * Runs the engine's Java kernels one image per task on as many threads as the native libraries
 * use ({@code bit.backend.threads}): the two never run at once, so together they keep the cores busy
 * without oversubscribing them. Each image's results are written to its own place, so the outcome
 * does not depend on the thread count.
 */
final class ImageParallel {
    private static final ForkJoinPool POOL = new ForkJoinPool(Math.max(1, NativeBackend.threads()), pool -> {
        ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        thread.setName("bit-kernels-" + thread.getPoolIndex());
        thread.setDaemon(true);
        return thread;
    }, null, false);

    private ImageParallel() {
    }

    /** Calls {@code body} for every image in {@code [0, count)} and returns when all are done. */
    static void forEach(int count, IntConsumer body) {
        if (count <= 1 || POOL.getParallelism() == 1) {
            for (int image = 0; image < count; image++) {
                body.accept(image);
            }
            return;
        }
        POOL.invoke(new Images(0, count, body));
    }

    private static final class Images extends RecursiveAction {
        private final int from;
        private final int to;
        private final IntConsumer body;

        Images(int from, int to, IntConsumer body) {
            this.from = from;
            this.to = to;
            this.body = body;
        }

        @Override
        protected void compute() {
            if (to - from == 1) {
                body.accept(from);
                return;
            }
            int middle = (from + to) >>> 1;
            invokeAll(new Images(from, middle, body), new Images(middle, to, body));
        }
    }
}
