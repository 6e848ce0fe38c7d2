package io.bigtransfer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackendSettingsTest {

    private static BackendSettings settings(String... overrides) {
        return BackendSettings.create(BitConfig.load(Optional.empty(), List.of(overrides)));
    }

    @Test
    void defaultsToTheCpuWithOneThreadPerCore() {
        assertEquals(new BackendSettings(Runtime.getRuntime().availableProcessors(), BackendDevice.CPU), settings());
    }

    @Test
    void eitherDeviceCanBeChosen() {
        assertEquals(BackendDevice.CUDA, settings("bit.backend.device=cuda").device());
        assertEquals(BackendDevice.CPU, settings("bit.backend.device=cpu").device());
        assertEquals(new BackendSettings(3, BackendDevice.CUDA), settings("bit.backend.device=cuda", "bit.backend.threads=3"));
    }

    @Test
    void otherDevicesAreRefusedWithTheChoices() {
        assertEquals("bit.backend.device must be one of cpu, cuda, but is 'gpu'.",
                assertThrows(SettingsException.class, () -> settings("bit.backend.device=gpu")).getMessage());
        assertEquals("bit.backend.device must be one of cpu, cuda, but is 'CUDA'.",
                assertThrows(SettingsException.class, () -> settings("bit.backend.device=CUDA")).getMessage());
        assertEquals("bit.backend.device must be a string, but is 1.",
                assertThrows(SettingsException.class, () -> settings("bit.backend.device=1")).getMessage());
    }

    @Test
    void withThreadsKeepsTheDevice() {
        assertEquals(new BackendSettings(1, BackendDevice.CUDA), settings("bit.backend.device=cuda").withThreads(1));
        assertEquals(BackendDevice.CPU, new BackendSettings(4).device());
    }

    @Test
    void theEngineIsEagerOnTheCpuAndSameDiffOnCudaUnlessChosen() {
        assertEquals(BackendEngine.AUTO, settings().engine());
        assertEquals(BackendEngine.EAGER, settings().resolvedEngine());
        assertEquals(BackendEngine.SAMEDIFF, settings("bit.backend.device=cuda").resolvedEngine());
        assertEquals(BackendEngine.SAMEDIFF, settings("bit.backend.engine=samediff").resolvedEngine());
        assertEquals(BackendEngine.SAMEDIFF, settings("bit.backend.engine=samediff").withThreads(1).engine());
    }

    @Test
    void theEagerEngineOnCudaIsRefusedBeforeAnythingStarts() {
        assertEquals("bit.backend.engine is eager, but bit.backend.device is cuda: the eager engine runs on the CPU "
                        + "only; set bit.backend.engine to samediff or auto.",
                assertThrows(SettingsException.class,
                        () -> settings("bit.backend.device=cuda", "bit.backend.engine=eager")).getMessage());
        assertEquals("bit.backend.engine must be one of auto, eager, samediff, but is 'fast'.",
                assertThrows(SettingsException.class, () -> settings("bit.backend.engine=fast")).getMessage());
    }
}
