package io.bigtransfer.model;

import io.bigtransfer.config.ModelSettings;
import io.bigtransfer.config.SettingsException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The published BiT variants by name (Kolesnikov et al. 2020); S and M share architectures. */
public final class Variants {
    private static final Map<String, int[]> UNITS = Map.of(
            "R50", new int[] {3, 4, 6, 3},
            "R101", new int[] {3, 4, 23, 3},
            "R152", new int[] {3, 8, 36, 3});
    private static final List<String> PUBLISHED = Stream.of("R50x1", "R50x3", "R101x1", "R101x3", "R152x2", "R152x4")
            .flatMap(size -> Stream.of("BiT-S-" + size, "BiT-M-" + size)).toList();

    private Variants() {
    }

    /** The model a {@code bit.model} subtree describes, with the given class count. */
    public static ModelSpec spec(ModelSettings settings, int classes) {
        if (settings.name().isEmpty()) {
            return new ModelSpec(settings.units().stream().mapToInt(Integer::intValue).toArray(),
                    settings.width(), settings.groups(), classes);
        }
        String name = settings.name().get();
        if (!PUBLISHED.contains(name)) {
            throw new SettingsException("bit.model.name '" + name + "' is not a published variant; choose one of "
                    + String.join(", ", PUBLISHED) + ".");
        }
        String size = name.substring("BiT-S-".length());
        int x = size.indexOf('x');
        return new ModelSpec(UNITS.get(size.substring(0, x)), Integer.parseInt(size.substring(x + 1)),
                settings.groups(), classes);
    }
}
