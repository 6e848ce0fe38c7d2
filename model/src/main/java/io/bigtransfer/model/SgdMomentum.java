package io.bigtransfer.model;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.backend.ParameterVersion;
import io.bigtransfer.model.internal.ParallelTasks;
import java.util.List;
import java.util.function.Predicate;

/**
 * SGD with momentum exactly as BiT writes it: {@code v <- mu * v + g}, {@code theta <- theta - lr * v}.
 * The learning rate stays outside the momentum buffer, so a live change of lr only affects future
 * steps. Weight decay is L2 in the loss ({@code wd/2 * |theta|^2}) over conv and dense kernels only,
 * so {@code wd * theta} is added to a kernel's gradient and never to GN parameters or biases.
 * Every step writes new arrays: the previous parameter version stays readable. Parameters that are
 * not trained (a frozen body in linear probing) keep their arrays and momentum, untouched by
 * weight decay.
 */
public final class SgdMomentum {
    private final double momentum;
    private final double weightDecay;
    private final Predicate<String> trained;

    public SgdMomentum(double momentum, double weightDecay) {
        this(momentum, weightDecay, name -> true);
    }

    public SgdMomentum(double momentum, double weightDecay, Predicate<String> trained) {
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.trained = trained;
    }

    public static boolean isDecayed(String parameterName) {
        return parameterName.endsWith("/kernel");
    }

    public OptimizerState step(OptimizerState state, NamedBuffers meanGradient, double lr) {
        NamedBuffers parameters = state.parameters().parameters();
        parameters.requireSameLayout(meanGradient);
        List<NamedBuffer> buffers = parameters.buffers();
        NamedBuffer[] newParameters = new NamedBuffer[buffers.size()];
        NamedBuffer[] newVelocity = new NamedBuffer[buffers.size()];
        // One task per parameter, on the engine's threads: within a job, the engine waits for this step.
        ParallelTasks.forEach(buffers.size(), index -> {
            NamedBuffer parameter = buffers.get(index);
            NamedBuffer velocity = state.velocity().get(parameter.name());
            if (!trained.test(parameter.name())) {
                newParameters[index] = parameter;
                newVelocity[index] = velocity;
                return;
            }
            float[] theta = parameter.data();
            float decay = isDecayed(parameter.name()) ? (float) weightDecay : 0f;
            float[] nextTheta = new float[theta.length];
            float[] nextV = new float[theta.length];
            update(theta, meanGradient.get(parameter.name()).data(), velocity.data(), decay, (float) momentum,
                    (float) lr, nextTheta, nextV);
            newParameters[index] = parameter.withData(nextTheta);
            newVelocity[index] = parameter.withData(nextV);
        });
        ParameterVersion next = new ParameterVersion(state.parameters().version() + 1,
                NamedBuffers.of(List.of(newParameters)));
        return new OptimizerState(next, NamedBuffers.of(List.of(newVelocity)));
    }

    /**
     * One parameter's update into new arrays. A method of its own, called once per parameter: the
     * JIT compiles it fully after a step or two, where the loop inside {@link #step} (one call a
     * step) ran in less optimized code after a deoptimization (docs/speed.md).
     */
    private static void update(float[] theta, float[] g, float[] v, float decay, float mu, float rate,
                               float[] nextTheta, float[] nextV) {
        for (int i = 0; i < theta.length; i++) {
            nextV[i] = mu * v[i] + (g[i] + decay * theta[i]);
            nextTheta[i] = theta[i] - rate * nextV[i];
        }
    }
}
