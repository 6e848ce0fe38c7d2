package io.bigtransfer.config;

/** {@code bit.backend.device}: which ND4J backend computes tensors in this process. */
public enum BackendDevice {
    /** nd4j-native with oneDNN; in every build. */
    CPU,
    /** nd4j-cuda-11.6; only in a build made with the Maven profile {@code -Pcuda}, and only with an NVIDIA GPU. */
    CUDA
}
