package io.bigtransfer.backend;

import io.bigtransfer.config.BackendDevice;
import io.bigtransfer.config.BackendEngine;
import io.bigtransfer.config.BackendSettings;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.factory.Nd4jBackend;

/**
 * The one place that chooses and configures ND4J's backend. The CPU backend (nd4j-native with
 * oneDNN) is in every build; the CUDA backend only in a build made with {@code -Pcuda}.
 * {@code bit.backend.device} picks one of them before ND4J starts, and the thread counts are fixed
 * from settings, so a run repeats exactly and does not depend on how busy the machine is.
 *
 * <p>ND4J itself starts the available backend of the highest priority that its service loader
 * finds (CUDA over CPU), and its priorities come only from environment variables, which a running
 * JVM cannot set. So the backends that were not asked for are hidden from ND4J's service lookup
 * through {@link ND4JClassLoading}'s class loader, which ND4J uses for exactly that lookup.
 */
public final class NativeBackend {
    /** ND4J's backend classes, by name: either may be missing from the classpath. */
    private static final Map<BackendDevice, String> BACKENDS = Map.of(
            BackendDevice.CPU, "org.nd4j.linalg.cpu.nativecpu.CpuBackend",
            BackendDevice.CUDA, "org.nd4j.linalg.jcublas.JCublasBackend");
    private static final String SERVICES = "META-INF/services/";

    private static BackendDevice selected;
    private static int configuredThreads;
    private static BackendEngine configuredEngine = BackendEngine.AUTO;

    private NativeBackend() {
    }

    /**
     * Selects the device (see {@link #select}), then fixes the native thread counts; later calls
     * with the same settings do nothing.
     */
    public static synchronized void configure(BackendSettings settings) {
        select(settings.device());
        configuredEngine = settings.engine();
        if (configuredThreads == settings.threads()) {
            return;
        }
        Nd4j.getEnvironment().setMaxMasterThreads(settings.threads());
        Nd4j.getEnvironment().setMaxThreads(settings.threads());
        Nd4j.factory().blas().setMaxThreads(settings.threads());
        configuredThreads = settings.threads();
    }

    /**
     * Starts ND4J on {@code device}, or refuses with one sentence naming {@code bit.backend.device}
     * when this build lacks that backend or the machine cannot run it. It must come before anything
     * else uses ND4J; a process keeps the device it started on.
     */
    public static synchronized void select(BackendDevice device) {
        ClassLoader loader = ND4JClassLoading.getNd4jClassloader();
        String wanted = BACKENDS.get(device);
        if (root(loader, wanted) == null) {
            // Checked before the device already in use, so the answer does not depend on what ran earlier.
            throw new IllegalStateException(device == BackendDevice.CUDA
                    ? "bit.backend.device is cuda, but this build has no CUDA backend; build it with the Maven "
                    + "profile -Pcuda (for bin/bit: BIT_MAVEN_PROFILES=cuda)."
                    : "bit.backend.device is " + name(device) + ", but this build has no backend for it.");
        }
        if (selected != null) {
            if (selected == device) {
                return;
            }
            throw new IllegalStateException("bit.backend.device is " + name(device) + ", but this process already "
                    + "computes on " + name(selected) + ", and a process uses one device kind.");
        }
        if (device == BackendDevice.CUDA) {
            requireUsableGpu(loader, wanted);
        }
        List<String> hidden = new ArrayList<>();
        BACKENDS.forEach((other, className) -> {
            String otherRoot = other == device ? null : root(loader, className);
            if (otherRoot != null) {
                hidden.add(otherRoot);
            }
        });
        if (!hidden.isEmpty()) {
            ND4JClassLoading.setNd4jClassloader(new HidingServices(loader, hidden));
        }
        String started;
        try {
            started = Nd4j.getBackend().getClass().getName();
        } catch (Throwable e) {
            throw new IllegalStateException("bit.backend.device is " + name(device) + ", but ND4J's " + name(device)
                    + " backend failed to start: " + reason(e) + ".", e);
        }
        if (!started.equals(wanted)) {
            throw new IllegalStateException("bit.backend.device is " + name(device) + ", but ND4J had already started "
                    + "on " + started + " before the device was selected.");
        }
        selected = device;
    }

    /**
     * The thread count fixed by {@link #configure}, or one per core before it is called: the Java
     * kernels of the gradient engine use as many threads as the native libraries.
     */
    public static synchronized int threads() {
        return configuredThreads > 0 ? configuredThreads : Runtime.getRuntime().availableProcessors();
    }

    /**
     * The gradient engine {@link #configure} was given, {@link BackendEngine#AUTO} resolved for the
     * device in use: eager on the CPU, SameDiff on CUDA.
     */
    public static synchronized BackendEngine engine() {
        return configuredEngine.on(selected == null ? BackendDevice.CPU : selected);
    }

    /** A short description of the loaded backend for the start of a run's log. */
    public static String describe() {
        return Nd4j.getExecutioner().getClass().getSimpleName() + ", " + configuredThreads + " threads, "
                + engine().name().toLowerCase(Locale.ROOT) + " engine";
    }

    /**
     * Asks the CUDA backend whether it can run here (a device is found, the CUDA libraries load)
     * before ND4J starts, so that the answer is one sentence. {@code canRun} rather than
     * {@code isAvailable}, which prints a stack trace before it throws.
     */
    private static void requireUsableGpu(ClassLoader loader, String className) {
        boolean usable;
        try {
            Nd4jBackend probe = (Nd4jBackend) Class.forName(className, true, loader).getDeclaredConstructor().newInstance();
            usable = probe.canRun();
        } catch (Throwable e) {
            throw new IllegalStateException("bit.backend.device is cuda, but CUDA cannot run on this machine ("
                    + reason(e) + "); it needs an NVIDIA GPU, driver 510.39 or newer and the CUDA 11.6 libraries "
                    + "(see docs/cuda.md), or set bit.backend.device=cpu.", e);
        }
        if (!usable) {
            throw new IllegalStateException("bit.backend.device is cuda, but ND4J's CUDA backend reports that it "
                    + "cannot run on this machine; see docs/cuda.md, or set bit.backend.device=cpu.");
        }
    }

    /** The jar (or folder) that holds {@code className}, as a URL prefix; null when it is not on the classpath. */
    private static String root(ClassLoader loader, String className) {
        String resource = className.replace('.', '/') + ".class";
        URL url = loader.getResource(resource);
        if (url == null) {
            return null;
        }
        String location = url.toString();
        return location.substring(0, location.length() - resource.length());
    }

    /** The innermost cause's message, first line only (native loaders put paths and hints on further lines). */
    private static String reason(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().strip();
        message = message.lines().findFirst().orElse(cause.getClass().getSimpleName());
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    private static String name(BackendDevice device) {
        return device.name().toLowerCase(Locale.ROOT);
    }

    /**
     * ND4J's class loader with the service registrations of the backends not chosen left out; it
     * loads every class and every other resource through its parent, so ND4J sees the same classes.
     */
    private static final class HidingServices extends ClassLoader {
        private final List<String> hiddenRoots;

        HidingServices(ClassLoader parent, List<String> hiddenRoots) {
            super("bit-nd4j-backend", parent);
            this.hiddenRoots = List.copyOf(hiddenRoots);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            Enumeration<URL> all = super.getResources(name);
            if (!name.startsWith(SERVICES)) {
                return all;
            }
            List<URL> kept = new ArrayList<>();
            for (URL url : Collections.list(all)) {
                String location = url.toString();
                if (hiddenRoots.stream().noneMatch(location::startsWith)) {
                    kept.add(url);
                }
            }
            return Collections.enumeration(kept);
        }
    }
}
