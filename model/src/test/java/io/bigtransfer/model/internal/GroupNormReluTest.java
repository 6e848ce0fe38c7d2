package io.bigtransfer.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link GroupNormRelu}'s hand-written backward against SameDiff's op-by-op backward of
 * {@link OpByOpGroupNorm#apply} and ReLU, and against float64 central differences, with a group whose
 * variance is far below epsilon; and that the gradient function runs none of group norm's own
 * backward ops.
 */
class GroupNormReluTest {
    private static final int N = 2;
    private static final int H = 3;
    private static final int W = 4;
    private static final int C = 6;
    private static final int GROUPS = 2;
    private static final String[] GRADIENTS = {"x", "gamma", "beta"};

    @Test
    void sameOutputAndGradientsAsOpByOpBackward() {
        Inputs in = new Inputs(new SplittableRandom(3), false);
        Run stock = run(in, (sd, v) -> sd.nn().relu(OpByOpGroupNorm.apply(sd, v[0], v[1], v[2], GROUPS, H, W, C), 0));
        Run custom = run(in, (sd, v) -> GroupNormRelu.apply(sd, v[0], v[1], v[2], GROUPS, H, W, C));
        assertEquals(stock.values.get("out"), custom.values.get("out"), "the forward pass is the same ops");
        for (String name : GRADIENTS) {
            INDArray expected = stock.values.get(name);
            INDArray actual = custom.values.get(name);
            double scale = expected.amaxNumber().doubleValue();
            assertEquals(0, expected.sub(actual).amaxNumber().doubleValue() / scale, 1e-13, name);
        }
        assertTrue(stock.executed.contains("reduce_mean_bp"), "the reference differentiates op by op");
        for (String op : custom.executed) {
            assertTrue(!op.endsWith("_bp") || op.equals("reduce_sum_bp") || op.equals("multiply_bp"),
                    "only the test's loss may run a backward op, not " + op + ": " + custom.executed);
        }
    }

    @Test
    void gradientsMatchCentralDifferencesWithAGroupBelowEpsilon() {
        Inputs in = new Inputs(new SplittableRandom(11), true);
        Run custom = run(in, (sd, v) -> GroupNormRelu.apply(sd, v[0], v[1], v[2], GROUPS, H, W, C));
        double step = 1e-6;
        int checked = 0;
        for (String name : GRADIENTS) {
            double[] values = in.get(name);
            INDArray gradient = custom.values.get(name).reshape(-1);
            for (int i = 0; i < values.length; i++) {
                double kept = values[i];
                values[i] = kept + step;
                double plus = in.loss();
                values[i] = kept - step;
                double minus = in.loss();
                values[i] = kept;
                double numeric = (plus - minus) / (2 * step);
                double analytic = gradient.getDouble(i);
                assertEquals(numeric, analytic, 1e-6 * Math.max(1, Math.abs(numeric)), name + "[" + i + "]");
                checked++;
            }
        }
        assertEquals(N * H * W * C + 2 * C, checked);
    }

    /** Inputs, and the test's loss {@code sum(relu(gn(x)) * weights)} computed in plain float64 Java. */
    private static final class Inputs {
        final double[] x = new double[N * H * W * C];
        final double[] gamma = new double[C];
        final double[] beta = new double[C];
        final double[] weights = new double[N * H * W * C];

        Inputs(SplittableRandom random, boolean constantGroup) {
            for (int i = 0; i < x.length; i++) {
                int channel = i % C;
                boolean flat = constantGroup && i < H * W * C && channel < C / GROUPS;
                // Image 0's group 0 varies by about 1e-4 (variance about 1e-8, far below epsilon).
                x[i] = flat ? 0.3 + 1e-4 * random.nextGaussian() : 1.5 + 0.7 * random.nextGaussian();
                weights[i] = random.nextGaussian();
            }
            for (int c = 0; c < C; c++) {
                gamma[c] = 1 + 0.5 * random.nextGaussian();
                beta[c] = 0.1 + 0.5 * random.nextGaussian();
            }
        }

        double[] get(String name) {
            return switch (name) {
                case "x" -> x;
                case "gamma" -> gamma;
                default -> beta;
            };
        }

        double loss() {
            int perGroup = C / GROUPS;
            double loss = 0;
            for (int n = 0; n < N; n++) {
                for (int g = 0; g < GROUPS; g++) {
                    double sum = 0;
                    for (int p = 0; p < H * W; p++) {
                        for (int k = 0; k < perGroup; k++) {
                            sum += x[(n * H * W + p) * C + g * perGroup + k];
                        }
                    }
                    double mean = sum / (H * W * perGroup);
                    double squares = 0;
                    for (int p = 0; p < H * W; p++) {
                        for (int k = 0; k < perGroup; k++) {
                            double d = x[(n * H * W + p) * C + g * perGroup + k] - mean;
                            squares += d * d;
                        }
                    }
                    double inverse = 1 / Math.sqrt(squares / (H * W * perGroup) + GroupNorm.EPSILON);
                    for (int p = 0; p < H * W; p++) {
                        for (int k = 0; k < perGroup; k++) {
                            int i = (n * H * W + p) * C + g * perGroup + k;
                            int c = g * perGroup + k;
                            loss += Math.max(0, (x[i] - mean) * inverse * gamma[c] + beta[c]) * weights[i];
                        }
                    }
                }
            }
            return loss;
        }
    }

    private record Run(Map<String, INDArray> values, List<String> executed) {
    }

    private static Run run(Inputs in, BiFunction<SameDiff, SDVariable[], SDVariable> net) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.create(in.x, new long[] {N, H, W, C}, DataType.DOUBLE));
        SDVariable gamma = sd.var("gamma", Nd4j.create(in.gamma, new long[] {C}, DataType.DOUBLE));
        SDVariable beta = sd.var("beta", Nd4j.create(in.beta, new long[] {C}, DataType.DOUBLE));
        SDVariable out = sd.identity("out", net.apply(sd, new SDVariable[] {x, gamma, beta}));
        out.mul(sd.constant(Nd4j.create(in.weights, new long[] {N, H, W, C}, DataType.DOUBLE))).sum().rename("loss");
        sd.setLossVariables("loss");
        sd.createGradFunction();
        SameDiff grad = sd.getFunction("grad");
        List<String> executed = new ArrayList<>();
        grad.addListeners(new BaseListener() {
            @Override
            public boolean isActive(Operation operation) {
                return true;
            }

            @Override
            public void opExecution(SameDiff s, At at, MultiDataSet data, SameDiffOp op, OpContext context,
                    INDArray[] outputs) {
                executed.add(op.getOp().opName());
            }
        });
        Map<String, INDArray> out2 = grad.output(Map.of(), "out", x.getGradient().name(), gamma.getGradient().name(),
                beta.getGradient().name());
        Map<String, INDArray> values = Map.of("out", out2.get("out"), "x", out2.get(x.getGradient().name()),
                "gamma", out2.get(gamma.getGradient().name()), "beta", out2.get(beta.getGradient().name()));
        return new Run(values, executed);
    }
}
