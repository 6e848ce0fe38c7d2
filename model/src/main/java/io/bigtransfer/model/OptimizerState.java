package io.bigtransfer.model;

import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.backend.ParameterVersion;

/** Parameters and their momentum buffers ({@code v}), which a checkpoint must carry to resume exactly. */
public record OptimizerState(ParameterVersion parameters, NamedBuffers velocity) {

    public static OptimizerState start(NamedBuffers initialParameters) {
        return new OptimizerState(new ParameterVersion(0, initialParameters), initialParameters.zerosLike());
    }
}
