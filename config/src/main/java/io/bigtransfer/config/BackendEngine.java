package io.bigtransfer.config;

/** {@code bit.backend.engine}: which gradient engine computes the network's passes. */
public enum BackendEngine {
    /** The eager engine on the CPU, the SameDiff engine on CUDA. */
    AUTO,
    /** Op by op without a graph, group norm in Java, arrays allocated once: the faster one, CPU only. */
    EAGER,
    /** ND4J SameDiff's graph: runs on either device. */
    SAMEDIFF;

    /** The engine this choice means on {@code device}: {@link #AUTO} resolved, the others as they are. */
    public BackendEngine on(BackendDevice device) {
        if (this != AUTO) {
            return this;
        }
        return device == BackendDevice.CPU ? EAGER : SAMEDIFF;
    }
}
