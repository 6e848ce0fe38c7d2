package io.bigtransfer.model;

/** {@link GradientEngineContractTest} on the SameDiff engine. */
class SameDiffGradientEngineTest extends GradientEngineContractTest {
    @Override
    GradientEngine create(ModelSpec spec, int height, int width) {
        return new SameDiffGradientEngine(spec, height, width);
    }

    @Override
    GradientEngine createLinearProbe(ModelSpec spec, int height, int width) {
        return SameDiffGradientEngine.linearProbe(spec, height, width);
    }
}
