import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.model.HeInitializer;
import io.bigtransfer.model.ModelSpec;
import io.bigtransfer.model.OptimizerState;
import io.bigtransfer.model.SgdMomentum;
import io.bigtransfer.model.internal.GradientPass;
import io.bigtransfer.model.internal.LoadedGraph;
import io.bigtransfer.model.internal.ResNetV2Graph;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the time of one R50x1 training step goes (docs/speed.md): the step of `bit bench train`
 * (load, forward + backward, gradient export, SGD) with a SameDiff listener timing every op of the
 * gradient function. Ops are grouped by what they belong to, read off the op type and the rank and
 * size of its output (GN works on rank-5 grouped tensors, WS on rank-2 kernels, 1x1 convolutions
 * are rank-2 matrix products over all pixels); "per-op overhead" is the gradient function's time
 * outside the ops. Run from the repository root, after `mvn -pl model -am install -DskipTests`:
 *
 * <pre>java -Xmx4g -cp "$(cat cp.txt)" bench/profile/StepProfile.java RESOLUTION BATCH STEPS WARMUP</pre>
 *
 * with cp.txt from {@code mvn -pl model dependency:build-classpath -Dmdep.outputFile=cp.txt} plus
 * {@code model/target/classes}. Several warm-up steps are needed: the gradient function's array
 * cache fills over the first two runs.
 */
public final class StepProfile {
    private final Map<String, long[]> byGroup = new TreeMap<>();
    private boolean recording;
    private long opStart;

    public static void main(String[] args) {
        new StepProfile().run(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]));
    }

    private void run(int resolution, int batch, int steps, int warmup) {
        ModelSpec spec = new ModelSpec(new int[] {3, 4, 6, 3}, 1, 32, 1000);
        ResNetV2Graph graph = ResNetV2Graph.build(spec, resolution, resolution, DataType.FLOAT);
        Set<String> forwardOps = new HashSet<>(graph.sameDiff().getOps().keySet());
        LoadedGraph loaded = new LoadedGraph(graph);
        GradientPass pass = new GradientPass(graph);
        graph.sameDiff().getFunction("grad").addListeners(new BaseListener() {
            @Override
            public boolean isActive(Operation operation) {
                return true;
            }

            @Override
            public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext context) {
                opStart = System.nanoTime();
            }

            @Override
            public void opExecution(SameDiff sd, At at, MultiDataSet data, SameDiffOp op, OpContext context,
                                    INDArray[] outputs) {
                long nanos = System.nanoTime() - opStart;
                if (recording) {
                    String group = group(op.getOp().opName(), outputs.length > 0 ? outputs[0] : null, batch);
                    String direction = forwardOps.contains(op.getName()) ? "fwd" : "bwd";
                    add(group, nanos);
                    add(group + " / " + direction + " " + op.getOp().opName(), nanos);
                }
            }
        });
        OptimizerState state = OptimizerState.start(HeInitializer.initialize(spec, 0));
        SgdMomentum sgd = new SgdMomentum(0.9, 1e-4);
        SplittableRandom random = new SplittableRandom(7);
        float[] pixels = new float[batch * resolution * resolution * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (random.nextDouble() * 4 - 2);
        }
        float[] targets = new float[batch * spec.classes()];
        for (int row = 0; row < batch; row++) {
            targets[row * spec.classes() + random.nextInt(spec.classes())] = 1;
        }
        long[] phases = new long[4];
        for (int step = 0; step < warmup + steps; step++) {
            recording = step >= warmup;
            long t0 = System.nanoTime();
            loaded.load(state.parameters());
            long t1 = System.nanoTime();
            GradientPass.Result result = pass.run(Nd4j.create(pixels, new long[] {batch, resolution, resolution, 3},
                    DataType.FLOAT), Nd4j.create(targets, new long[] {batch, spec.classes()}, DataType.FLOAT));
            long t2 = System.nanoTime();
            List<NamedBuffer> gradients = new ArrayList<>();
            spec.parameterShapes().forEach((name, shape) ->
                    gradients.add(new NamedBuffer(name, shape, loaded.rawGradient(name, result.gradients().get(name)))));
            long t3 = System.nanoTime();
            state = sgd.step(state, NamedBuffers.of(gradients), 0.01);
            long t4 = System.nanoTime();
            System.out.printf("step %d: %.3f s (load %.3f, gradient function %.3f, export %.3f, sgd %.3f)%n", step,
                    (t4 - t0) / 1e9, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9);
            if (recording) {
                phases[0] += t1 - t0;
                phases[1] += t2 - t1;
                phases[2] += t3 - t2;
                phases[3] += t4 - t3;
            }
        }
        long ops = byGroup.entrySet().stream().filter(e -> !e.getKey().contains(" / "))
                .mapToLong(e -> e.getValue()[0]).sum();
        add("SameDiff per-op overhead", phases[1] - ops);
        add("parameter load (with WS forward)", phases[0]);
        add("gradient export (with WS backward)", phases[2]);
        add("SGD", phases[3]);
        double total = (phases[0] + phases[1] + phases[2] + phases[3]) / 1e9 / steps;
        System.out.printf("%dx%d batch %d, %d threads: %.3f s per step (mean of %d)%n", resolution, resolution,
                batch, Nd4j.getEnvironment().maxThreads(), total, steps);
        byGroup.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .filter(e -> e.getValue()[0] / 1e9 / steps >= total / 1000)
                .forEach(e -> System.out.printf("| %s | %.3f s | %.1f%% | %d |%n", e.getKey(),
                        e.getValue()[0] / 1e9 / steps, 100.0 * e.getValue()[0] / 1e9 / steps / total,
                        e.getValue()[1] / steps));
    }

    private void add(String key, long nanos) {
        long[] entry = byGroup.computeIfAbsent(key, k -> new long[2]);
        entry[0] += nanos;
        entry[1]++;
    }

    /** The head's product and its gradient have the batch as their first dimension; 1x1 convolutions have pixels. */
    private static String group(String op, INDArray output, int batch) {
        int rank = output == null ? -1 : output.rank();
        boolean head = rank == 2 && output.size(0) == batch;
        if (op.startsWith("conv2d") || op.startsWith("strided_slice") || (op.startsWith("matmul") && !head)) {
            return "convolutions";
        }
        if (op.equals("reshape") || op.equals("shape_of")) {
            return "reshapes";
        }
        if (rank == 5 || op.startsWith("biasadd")) {
            return "group norm";
        }
        if (rank <= 2) {
            return "head, global pool and loss";
        }
        if (op.startsWith("maxpool") || op.equals("pad") || op.equals("slice")) {
            return "root padding and max pool";
        }
        return "relu and residual adds";
    }
}
