package io.bigtransfer.actors.bench;

import io.bigtransfer.actors.remote.ClusterTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;
import javax.net.ssl.SSLServerSocket;

/**
 * The yardsticks of the all-reduce bench: {@code bytes} one way over one loopback connection of
 * java.net sockets, a writer thread and a reader thread in this process, in 1 MiB writes and reads,
 * no framing and no copies into arrays. {@link #plain} is the machine's TCP; {@link #tls} adds the
 * JDK's own TLS with the cluster's certificates, the least any TLS channel pays.
 */
final class RawLoopback {
    private static final int BUFFER = 1 << 20;

    private RawLoopback() {
    }

    /** Seconds from connecting to the reader holding the last byte, over plain TCP. */
    static double plain(long bytes) {
        return seconds(bytes, ServerSocketFactory.getDefault(), SocketFactory.getDefault());
    }

    /** The same over TLS 1.3 with the secret-derived certificates on both sides (handshake included). */
    static double tls(long bytes, ClusterTls tls) {
        return seconds(bytes, tls.sslContext().getServerSocketFactory(), tls.sslContext().getSocketFactory());
    }

    private static double seconds(long bytes, ServerSocketFactory servers, SocketFactory clients) {
        try (ServerSocket server = servers.createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            if (server instanceof SSLServerSocket secure) {
                secure.setNeedClientAuth(true);
            }
            long start = System.nanoTime();
            CompletableFuture<Void> read = CompletableFuture.runAsync(() -> readAll(server, bytes));
            try (Socket socket = clients.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                OutputStream out = socket.getOutputStream();
                byte[] buffer = new byte[BUFFER];
                for (long left = bytes; left > 0; left -= BUFFER) {
                    out.write(buffer, 0, (int) Math.min(BUFFER, left));
                }
                out.flush();
                read.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } catch (IOException e) {
            throw new UncheckedIOException("a raw loopback measurement failed: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a raw loopback measurement failed: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a raw loopback measurement", e);
        }
    }

    private static void readAll(ServerSocket server, long bytes) {
        try (Socket socket = server.accept(); InputStream in = socket.getInputStream()) {
            byte[] buffer = new byte[BUFFER];
            for (long left = bytes; left > 0; ) {
                int n = in.read(buffer, 0, (int) Math.min(BUFFER, left));
                if (n < 0) {
                    throw new IOException("the connection ended " + left + " bytes early");
                }
                left -= n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
