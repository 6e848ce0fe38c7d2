package io.bigtransfer.checkpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointRecordTest {
    private final CheckpointRecord sample = SampleRecords.atStep(3);

    @Test
    void classNamesMustMatchTheHead() {
        assertThrows(IllegalArgumentException.class, () -> withClassNames(List.of("cat", "dog")));
    }

    @Test
    void momentumMustMatchTheParameterLayout() {
        NamedBuffers other = NamedBuffers.of(List.of(new NamedBuffer("w", new int[] {2}, new float[2])));
        assertThrows(IllegalArgumentException.class, () -> new CheckpointRecord(sample.model(), sample.classNames(),
                sample.normalization(), sample.resolution(), sample.parameters(), other, 3, sample.cursor(),
                1.0, "", Map.of()));
    }

    @Test
    void metricsKeepTheirOrderAndCannotBeChangedAfterwards() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("z", 1.0);
        metrics.put("a", 2.0);
        CheckpointRecord record = new CheckpointRecord(sample.model(), sample.classNames(), sample.normalization(),
                sample.resolution(), sample.parameters(), sample.momentum(), 3, sample.cursor(), 1.0, "", metrics);
        metrics.put("b", 3.0);

        assertEquals(List.of("z", "a"), List.copyOf(record.metrics().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> record.metrics().put("c", 0.0));
    }

    @Test
    void descriptionsCompareByContent() {
        assertEquals(new ModelDescription(new int[] {3, 4, 6, 3}, 1, 32, 10),
                new ModelDescription(new int[] {3, 4, 6, 3}, 1, 32, 10));
        assertThrows(IllegalArgumentException.class, () -> new ModelDescription(new int[] {3, 0}, 1, 32, 10));
        assertThrows(IllegalArgumentException.class,
                () -> new PixelNormalization("x", new float[] {0.5f}, new float[] {0f}));
        assertThrows(IllegalArgumentException.class, () -> new DataCursor(0, -1));
    }

    private CheckpointRecord withClassNames(List<String> names) {
        return new CheckpointRecord(sample.model(), names, sample.normalization(), sample.resolution(),
                sample.parameters(), sample.momentum(), sample.step(), sample.cursor(), sample.learningRateScale(),
                sample.resolvedConfig(), sample.metrics());
    }
}
