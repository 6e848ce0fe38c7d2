package io.bigtransfer.config;

/** A configuration problem, described in one sentence that names the key and the value. */
public final class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message);
    }
}
