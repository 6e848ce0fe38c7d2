package io.bigtransfer.actors.remote.bulk;

import org.apache.pekko.util.ByteString;

/**
 * Looks at the first bytes a TLS connection receives, before the TLS stage does: when they are a
 * {@link BulkAuthentication} opening, the peer runs its bulk channel without encryption, and the
 * failed TLS handshake that follows is named as that mismatch of settings instead of a missing
 * secret. Used by one stream stage at a time; read once that stream has ended.
 */
final class PlaintextProbe {
    private ByteString first = ByteString.emptyByteString();
    private volatile boolean plaintextPeer;

    /** Passes {@code bytes} on unchanged. */
    ByteString observe(ByteString bytes) {
        if (first.size() < Integer.BYTES) {
            first = first.concat(bytes.take(Integer.BYTES - first.size()));
            plaintextPeer = BulkAuthentication.startsWithMagic(first);
        }
        return bytes;
    }

    boolean sawPlaintextPeer() {
        return plaintextPeer;
    }
}
