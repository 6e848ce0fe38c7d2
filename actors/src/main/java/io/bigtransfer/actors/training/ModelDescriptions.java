package io.bigtransfer.actors.training;

import io.bigtransfer.checkpoints.ModelDescription;
import io.bigtransfer.model.ModelSpec;

/** Translates between the model's architecture and the checkpoint's plain description of it. */
public final class ModelDescriptions {
    private ModelDescriptions() {
    }

    public static ModelDescription of(ModelSpec spec) {
        return new ModelDescription(spec.units(), spec.width(), spec.groups(), spec.classes());
    }

    public static ModelSpec spec(ModelDescription description) {
        return new ModelSpec(description.units(), description.width(), description.groups(), description.classes());
    }
}
