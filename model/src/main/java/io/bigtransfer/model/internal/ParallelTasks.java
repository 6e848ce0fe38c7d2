package io.bigtransfer.model.internal;

import io.bigtransfer.backend.NativeBackend;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * Runs the engine's Java work as independent tasks (one image, one kernel, or one parameter of the
 * SGD step, per task) on as many threads as the native libraries use ({@code bit.backend.threads},
 * as configured when this class is first used). Within one job the two take turns, so together
 * they keep the cores busy without oversubscribing them; jobs that run side by side in a daemon
 * share the threads. Each task writes its results to a place of its own, so the outcome does not
 * depend on the thread count.
 */
public final class ParallelTasks {
    private static final ForkJoinPool POOL = new ForkJoinPool(Math.max(1, NativeBackend.threads()), pool -> {
        ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        thread.setName("bit-kernels-" + thread.getPoolIndex());
        thread.setDaemon(true);
        return thread;
    }, null, false);

    private ParallelTasks() {
    }

    /** Calls {@code body} for every task in {@code [0, count)} and returns when all are done. */
    public static void forEach(int count, IntConsumer body) {
        if (count <= 1 || POOL.getParallelism() == 1) {
            for (int task = 0; task < count; task++) {
                body.accept(task);
            }
            return;
        }
        POOL.invoke(new Tasks(0, count, body));
    }

    private static final class Tasks extends RecursiveAction {
        private final int from;
        private final int to;
        private final IntConsumer body;

        Tasks(int from, int to, IntConsumer body) {
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
            invokeAll(new Tasks(from, middle, body), new Tasks(middle, to, body));
        }
    }
}
