package io.bigtransfer.backend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * An ordered set of named tensors: model parameters, gradients or momentum buffers. The order is
 * the order the model declares its parameters in, so every reduction over it runs in a fixed order.
 * The set itself is immutable; callers that share one must not write into its arrays.
 */
public final class NamedBuffers {
    private final Map<String, NamedBuffer> byName;

    private NamedBuffers(Map<String, NamedBuffer> byName) {
        this.byName = byName;
    }

    public static NamedBuffers of(List<NamedBuffer> buffers) {
        Map<String, NamedBuffer> byName = new LinkedHashMap<>();
        for (NamedBuffer buffer : buffers) {
            if (byName.put(buffer.name(), buffer) != null) {
                throw new IllegalArgumentException("buffer " + buffer.name() + " appears twice");
            }
        }
        return new NamedBuffers(Collections.unmodifiableMap(byName));
    }

    public List<NamedBuffer> buffers() {
        return List.copyOf(byName.values());
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public int size() {
        return byName.size();
    }

    public NamedBuffer get(String name) {
        NamedBuffer buffer = byName.get(name);
        if (buffer == null) {
            throw new IllegalArgumentException("no buffer named " + name);
        }
        return buffer;
    }

    /** A new set with the same names and shapes whose arrays are {@code transform(array)}. */
    public NamedBuffers map(UnaryOperator<float[]> transform) {
        List<NamedBuffer> mapped = new ArrayList<>(byName.size());
        for (NamedBuffer buffer : byName.values()) {
            mapped.add(buffer.withData(transform.apply(buffer.data())));
        }
        return of(mapped);
    }

    public NamedBuffers zerosLike() {
        return map(data -> new float[data.length]);
    }

    /** Throws unless {@code other} has exactly these names and shapes, in this order. */
    public void requireSameLayout(NamedBuffers other) {
        List<NamedBuffer> mine = buffers();
        List<NamedBuffer> theirs = other.buffers();
        if (mine.size() != theirs.size()) {
            throw new IllegalArgumentException("expected " + mine.size() + " buffers, got " + theirs.size());
        }
        for (int i = 0; i < mine.size(); i++) {
            NamedBuffer a = mine.get(i);
            NamedBuffer b = theirs.get(i);
            if (!a.name().equals(b.name()) || !java.util.Arrays.equals(a.shape(), b.shape())) {
                throw new IllegalArgumentException("buffer " + i + " is " + b.name() + " "
                        + java.util.Arrays.toString(b.shape()) + " but " + a.name() + " "
                        + java.util.Arrays.toString(a.shape()) + " was expected");
            }
        }
    }
}
