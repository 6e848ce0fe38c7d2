package io.bigtransfer.actors.remote;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.setup.Setup;

/**
 * The classes that may travel between processes, each under a fixed id that every process of a
 * cluster must agree on: Kryo writes the id, never a class name, so a message cannot make the
 * receiver load or instantiate an arbitrary class. The ids of message records, their nested types
 * and enums start at {@value #FIRST_ID}; lower ids belong to the built-in types of
 * {@link KryoSerializer} (typed actor references, primitive arrays, immutable collections, ...).
 * It reaches the serializer as a {@link Setup} of the actor system ({@link RemoteActorSystems}).
 */
public final class MessageRegistry extends Setup {
    public static final int FIRST_ID = 100;

    private final Map<Integer, Class<?>> types;

    private MessageRegistry(Map<Integer, Class<?>> types) {
        this.types = Collections.unmodifiableMap(new TreeMap<>(types));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Id to class, in id order. */
    public Map<Integer, Class<?>> types() {
        return types;
    }

    public static final class Builder {
        private final Map<Integer, Class<?>> types = new TreeMap<>();

        private Builder() {
        }

        /** Registers {@code type} under {@code id}; an id or a class registered twice is refused. */
        public Builder register(int id, Class<?> type) {
            if (id < FIRST_ID) {
                throw new IllegalArgumentException("message id " + id + " of " + type.getName() + " is below "
                        + FIRST_ID + ", which are reserved for built-in types.");
            }
            Class<?> existing = types.putIfAbsent(id, type);
            if (existing != null) {
                throw new IllegalArgumentException("message id " + id + " is given to both " + existing.getName()
                        + " and " + type.getName() + ".");
            }
            if (types.values().stream().filter(type::equals).count() > 1) {
                types.remove(id);
                throw new IllegalArgumentException(type.getName() + " is registered under two message ids.");
            }
            return this;
        }

        /** Everything registered in {@code other} too, e.g. the protocol of another subsystem. */
        public Builder registerAll(MessageRegistry other) {
            other.types.forEach(this::register);
            return this;
        }

        public MessageRegistry build() {
            return new MessageRegistry(types);
        }
    }
}
