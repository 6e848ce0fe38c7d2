package io.bigtransfer.model.internal.eager;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_init_by_tag;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_append_sum;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_set_post_ops;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reorder_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_default_flags;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * oneDNN (the JavaCPP presets of version 2.5.2, not the copy built into ND4J) through its C API:
 * the process's CPU engine, memory descriptors, primitives and their execution. Each status code
 * other than success becomes an exception naming the call. Every object made here belongs to an
 * {@link Owned}, which destroys it; memories that wrap ND4J arrays never free those.
 */
final class Dnnl {
    private static final Logger LOG = LoggerFactory.getLogger(Dnnl.class);
    private static final dnnl_engine ENGINE = startEngine();

    private Dnnl() {
    }

    /** Whether oneDNN loaded on this machine; where it did not, the convolutions run in ND4J's ops. */
    static boolean available() {
        return ENGINE != null;
    }

    private static dnnl_engine startEngine() {
        try {
            PointerPointer<?> engine = new PointerPointer<>(1);
            check(dnnl_engine_create(engine, dnnl_cpu, 0), "dnnl_engine_create");
            return new dnnl_engine(engine.get(0));
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("oneDNN did not start ({}); the convolutions run in ND4J's ops", e.toString());
            return null;
        }
    }

    /** A stream for one thread's work: oneDNN streams must not be shared between threads. */
    static dnnl_stream stream(Owned owner) {
        PointerPointer<?> result = new PointerPointer<>(1);
        check(dnnl_stream_create(result, ENGINE, dnnl_stream_default_flags), "dnnl_stream_create");
        dnnl_stream stream = new dnnl_stream(result.get(0));
        owner.add(() -> dnnl_stream_destroy(stream));
        return stream;
    }

    /** A float32 memory descriptor of logical dimensions {@code dims} (N, C, H, W order) in layout {@code tag}. */
    static dnnl_memory_desc_t descriptor(long[] dims, int tag) {
        dnnl_memory_desc_t descriptor = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_tag(descriptor, dims.length, dims, dnnl_f32, tag), "dnnl_memory_desc_init_by_tag");
        return descriptor;
    }

    /** With {@code attributes} (may be null; see {@link #addToDestination}). */
    static dnnl_primitive_desc primitiveDescriptor(Owned owner, Pointer operation, dnnl_primitive_attr attributes,
                                                   dnnl_primitive_desc forwardHint) {
        PointerPointer<?> result = new PointerPointer<>(1);
        check(dnnl_primitive_desc_create(result, new const_dnnl_op_desc_t(operation), attributes, ENGINE, forwardHint),
                "dnnl_primitive_desc_create");
        dnnl_primitive_desc descriptor = new dnnl_primitive_desc(result.get(0));
        owner.add(() -> dnnl_primitive_desc_destroy(descriptor));
        return descriptor;
    }

    /** Attributes that make a forward primitive add its result to what its destination holds. */
    static dnnl_primitive_attr addToDestination(Owned owner) {
        PointerPointer<?> postOps = new PointerPointer<>(1);
        check(dnnl_post_ops_create(postOps), "dnnl_post_ops_create");
        dnnl_post_ops sum = new dnnl_post_ops(postOps.get(0));
        owner.add(() -> dnnl_post_ops_destroy(sum));
        check(dnnl_post_ops_append_sum(sum, 1f), "dnnl_post_ops_append_sum");
        PointerPointer<?> attributes = new PointerPointer<>(1);
        check(dnnl_primitive_attr_create(attributes), "dnnl_primitive_attr_create");
        dnnl_primitive_attr result = new dnnl_primitive_attr(attributes.get(0));
        owner.add(() -> dnnl_primitive_attr_destroy(result));
        check(dnnl_primitive_attr_set_post_ops(result, sum), "dnnl_primitive_attr_set_post_ops");
        return result;
    }

    static dnnl_primitive primitive(Owned owner, dnnl_primitive_desc descriptor) {
        PointerPointer<?> result = new PointerPointer<>(1);
        check(dnnl_primitive_create(result, descriptor), "dnnl_primitive_create");
        dnnl_primitive primitive = new dnnl_primitive(result.get(0));
        owner.add(() -> dnnl_primitive_destroy(primitive));
        return primitive;
    }

    /** A memory over the native buffer of {@code array} (which must hold at least the descriptor's size). */
    static dnnl_memory wrap(Owned owner, dnnl_memory_desc_t descriptor, INDArray array) {
        return memory(owner, descriptor, new Address(array.data().address()));
    }

    /** A memory that oneDNN allocates itself (for layouts of its own choosing) and frees when destroyed. */
    static dnnl_memory allocate(Owned owner, dnnl_memory_desc_t descriptor) {
        return memory(owner, descriptor, new Address(-1L));
    }

    private static dnnl_memory memory(Owned owner, dnnl_memory_desc_t descriptor, Pointer handle) {
        PointerPointer<?> result = new PointerPointer<>(1);
        check(dnnl_memory_create(result, descriptor, ENGINE, handle), "dnnl_memory_create");
        dnnl_memory memory = new dnnl_memory(result.get(0));
        owner.add(() -> dnnl_memory_destroy(memory));
        return memory;
    }

    /** A reorder between two memories' layouts. */
    static Call reorder(Owned owner, dnnl_memory_desc_t from, dnnl_memory source, dnnl_memory_desc_t to,
                        dnnl_memory target) {
        PointerPointer<?> result = new PointerPointer<>(1);
        check(dnnl_reorder_primitive_desc_create(result, from, ENGINE, to, ENGINE, null),
                "dnnl_reorder_primitive_desc_create");
        dnnl_primitive_desc descriptor = new dnnl_primitive_desc(result.get(0));
        owner.add(() -> dnnl_primitive_desc_destroy(descriptor));
        return new Call(primitive(owner, descriptor), new int[] {DNNL_ARG_FROM, DNNL_ARG_TO},
                new dnnl_memory[] {source, target});
    }

    static void check(int status, String call) {
        if (status != dnnl_success) {
            throw new IllegalStateException(call + " failed with oneDNN status " + status);
        }
    }

    /** A primitive with its arguments, bound once and run many times. */
    static final class Call {
        private final dnnl_primitive primitive;
        private final dnnl_exec_arg_t arguments;
        private final int count;

        Call(dnnl_primitive primitive, int[] kinds, dnnl_memory[] memories) {
            this.primitive = primitive;
            this.count = kinds.length;
            arguments = new dnnl_exec_arg_t(count);
            for (int i = 0; i < count; i++) {
                arguments.position(i).arg(kinds[i]).memory(memories[i]);
            }
            arguments.position(0);
        }

        /** Runs the primitive on {@code stream} and waits for it. */
        void run(dnnl_stream stream) {
            check(dnnl_primitive_execute(primitive, stream, count, arguments), "dnnl_primitive_execute");
            check(dnnl_stream_wait(stream), "dnnl_stream_wait");
        }
    }

    /**
     * The oneDNN objects one owner created, destroyed together (last created first) when it is
     * closed: primitives, their descriptors and memories (oneDNN frees the memories it allocated).
     */
    static final class Owned implements AutoCloseable {
        private final List<IntSupplier> destroyers = new ArrayList<>();

        void add(IntSupplier destroy) {
            destroyers.add(destroy);
        }

        @Override
        public void close() {
            for (int i = destroyers.size() - 1; i >= 0; i--) {
                check(destroyers.get(i).getAsInt(), "destroying a oneDNN object");
            }
            destroyers.clear();
        }
    }

    /** A raw native address as a JavaCPP pointer. */
    private static final class Address extends Pointer {
        Address(long value) {
            address = value;
        }
    }
}
