package io.bigtransfer.streams;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts bad inputs by reason, thread-safe. An input counts and is logged once however often it
 * comes round (a bad file is met again every epoch), so the total is the number of bad files.
 */
public final class SkippedInputs {
    private static final Logger LOG = LoggerFactory.getLogger(SkippedInputs.class);

    private final Set<String> seen = new HashSet<>();
    private final EnumMap<SkipReason, Long> counts = new EnumMap<>(SkipReason.class);

    /** Records a skipped input; logs and counts it only the first time its location is seen. */
    public void record(String location, SkipReason reason, String detail) {
        synchronized (this) {
            if (!seen.add(location)) {
                return;
            }
            counts.merge(reason, 1L, Long::sum);
        }
        LOG.warn("Skipping {} ({}): {}", location, reason.label(), detail);
    }

    /** Count per reason, in {@link SkipReason} order, reasons with no input left out. */
    public synchronized Map<SkipReason, Long> snapshot() {
        return new LinkedHashMap<>(counts);
    }

    public synchronized long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** {@code skipped N inputs: REASON n, REASON n} (just {@code skipped 0 inputs} when none). */
    public String summary() {
        Map<SkipReason, Long> snapshot = snapshot();
        long total = snapshot.values().stream().mapToLong(Long::longValue).sum();
        String line = "skipped " + total + " inputs";
        if (total == 0) {
            return line;
        }
        return line + ": " + snapshot.entrySet().stream()
                .map(e -> e.getKey().label() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
