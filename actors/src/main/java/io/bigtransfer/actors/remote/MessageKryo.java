package io.bigtransfer.actors.remote;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;

/**
 * Builds the Kryo instances of {@link KryoSerializer}: registration required, the built-in types
 * under fixed ids below {@link MessageRegistry#FIRST_ID}, then the registry's message types.
 */
final class MessageKryo {
    private static final int ACTOR_REF_ID = 10;
    /** Built-in types from id 11 on, in this order; append only, as the ids are the wire format. */
    private static final List<Class<?>> BUILT_IN = List.of(
            byte[].class, int[].class, long[].class, float[].class, double[].class, boolean[].class, String[].class,
            ArrayList.class, HashMap.class,
            List.of().getClass(), List.of(1).getClass(), Set.of().getClass(), Set.of(1).getClass(),
            Map.of().getClass(), Map.of(1, 1).getClass(),
            Optional.class, Instant.class, Duration.class);

    private MessageKryo() {
    }

    static Kryo create(MessageRegistry registry, ActorRefResolver resolver) {
        Kryo kryo = new Kryo(new ActorRefClassResolver(), null);
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        kryo.register(ActorRef.class, new ActorRefSerializer(resolver), ACTOR_REF_ID);
        for (int i = 0; i < BUILT_IN.size(); i++) {
            kryo.register(BUILT_IN.get(i), ACTOR_REF_ID + 1 + i);
        }
        registry.types().forEach((id, type) -> kryo.register(type, id));
        return kryo;
    }

    /**
     * Looks up every implementation of the typed {@link ActorRef} interface as the interface itself,
     * so a reference is written as its path whatever class Pekko chose for it.
     */
    private static final class ActorRefClassResolver extends DefaultClassResolver {
        @Override
        public Registration getRegistration(Class type) {
            Registration registration = super.getRegistration(type);
            if (registration == null && ActorRef.class.isAssignableFrom(type)) {
                return super.getRegistration(ActorRef.class);
            }
            return registration;
        }
    }

    /** A reference travels as its full path with address, and resolves to a remote reference on arrival. */
    private static final class ActorRefSerializer extends Serializer<ActorRef<?>> {
        private final ActorRefResolver resolver;

        ActorRefSerializer(ActorRefResolver resolver) {
            super(false, true);
            this.resolver = resolver;
        }

        @Override
        public void write(Kryo kryo, Output output, ActorRef<?> reference) {
            output.writeString(resolver.toSerializationFormat(reference));
        }

        @Override
        public ActorRef<?> read(Kryo kryo, Input input, Class<? extends ActorRef<?>> type) {
            return resolver.resolveActorRef(input.readString());
        }
    }
}
