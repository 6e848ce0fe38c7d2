package io.bigtransfer.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bigtransfer.config.BackendDevice;
import io.bigtransfer.config.BackendEngine;
import io.bigtransfer.config.BackendSettings;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class NativeBackendTest {

    /** Whether this build has ND4J's CUDA backend (a build with -Pcuda); the default build has not. */
    private static boolean cudaInBuild() {
        return NativeBackendTest.class.getClassLoader().getResource("org/nd4j/linalg/jcublas/JCublasBackend.class") != null;
    }

    @Test
    void cudaInABuildWithoutItIsRefusedInOneSentence() {
        assumeTrue(!cudaInBuild(), "this build has the CUDA backend");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> NativeBackend.configure(new BackendSettings(1, BackendDevice.CUDA)));
        assertEquals("bit.backend.device is cuda, but this build has no CUDA backend; build it with the Maven "
                + "profile -Pcuda (for bin/bit: BIT_MAVEN_PROFILES=cuda).", refused.getMessage());
    }

    @Test
    void cpuStartsNd4jOnItsCpuBackend() {
        NativeBackend.configure(new BackendSettings(1, BackendDevice.CPU));
        assertEquals("org.nd4j.linalg.cpu.nativecpu.CpuBackend", Nd4j.getBackend().getClass().getName());
        assertEquals(6.0, Nd4j.createFromArray(1f, 2f, 3f).sumNumber().doubleValue(), 0.0);
        assertTrue(NativeBackend.describe().endsWith(", 1 threads, eager engine"), NativeBackend.describe());
        assertEquals(BackendEngine.EAGER, NativeBackend.engine(), "auto means the eager engine on the CPU");
        NativeBackend.configure(new BackendSettings(1, BackendDevice.CPU, BackendEngine.SAMEDIFF));
        assertEquals(BackendEngine.SAMEDIFF, NativeBackend.engine());
        NativeBackend.configure(new BackendSettings(1, BackendDevice.CPU));
        // Selecting the same device again is a no-op; the refusal above does not depend on this test's order.
        NativeBackend.select(BackendDevice.CPU);
    }
}
