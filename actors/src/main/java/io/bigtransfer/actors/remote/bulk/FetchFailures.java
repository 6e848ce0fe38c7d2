package io.bigtransfer.actors.remote.bulk;

import java.net.ConnectException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.apache.pekko.stream.StreamTcpException;

/** Turns whatever ended a fetch early into one sentence that names the ref and says what went wrong. */
final class FetchFailures {
    private FetchFailures() {
    }

    /** Aborts the transfers of a channel that is being closed. */
    static final class ChannelClosed extends RuntimeException {
        ChannelClosed() {
            super("the tensor channel was closed", null, false, false);
        }
    }

    /**
     * @param failure   null when the peer ended the connection cleanly before the whole response
     * @param handshake why the connection failed before the response could start, when the mode's
     *                  handshake tells (a peer without the secret, a peer in the other mode), as the
     *                  end of the sentence
     */
    static TensorFetchException explain(TensorRef ref, TensorReceiver receiver, Throwable failure,
            Optional<String> handshake) {
        String prefix = ref.describe() + " cannot be fetched: ";
        if (failure == null) {
            return new TensorFetchException(prefix + handshake.orElse("the peer ended the connection after "
                    + receiver.receivedBytes() + " of " + receiver.expectedBytes() + " bytes."));
        }
        Optional<TensorFetchException> answered = find(failure, TensorFetchException.class);
        if (answered.isPresent()) {
            return answered.get();
        }
        if (find(failure, ChannelClosed.class).isPresent()) {
            return new TensorFetchException(prefix + "this node's tensor channel was closed during the fetch.", failure);
        }
        String reason = TensorChannel.reason(failure);
        boolean nothingReceived = receiver.receivedBytes() == 0;
        if (nothingReceived && (find(failure, ConnectException.class).isPresent() || failedToConnect(failure))) {
            return new TensorFetchException(prefix + "the peer is unreachable (" + reason + ").", failure);
        }
        if (handshake.isPresent()) {
            return new TensorFetchException(prefix + handshake.get(), failure);
        }
        if (nothingReceived && find(failure, SSLException.class).isPresent()) {
            return new TensorFetchException(prefix + "the TLS handshake failed, so the peer does not hold this node's "
                    + "shared secret (" + reason + ").", failure);
        }
        return new TensorFetchException(prefix + "the connection failed after " + receiver.receivedBytes() + " of "
                + receiver.expectedBytes() + " bytes (" + reason + ").", failure);
    }

    /** Pekko names the failed command in the message; the cause (e.g. an unknown host) varies. */
    private static boolean failedToConnect(Throwable failure) {
        return find(failure, StreamTcpException.class).map(Throwable::getMessage)
                .filter(message -> message.startsWith("Tcp command [Connect(")).isPresent();
    }

    static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return Optional.of(type.cast(cause));
            }
        }
        return Optional.empty();
    }
}
