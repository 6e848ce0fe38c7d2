package io.bigtransfer.streams.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A real HTTP proxy in front of an S3 server that fails requests on purpose: it answers some with
 * 503 SlowDown, holds some without answering, and cuts some off halfway through the body, as a
 * throttled or overloaded store does. One request per connection, so every attempt is a request
 * of its own. The policy sees the request ("GET /bucket/key bytes=0-9") and how often that same
 * request came before.
 */
public final class FaultyProxy implements AutoCloseable {
    public enum Fault { NONE, SLOW_DOWN, STALL_BEFORE_ANSWER, STALL_MID_BODY }

    private static final byte[] SLOW_DOWN_BODY = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
            + "<Message>Please reduce your request rate.</Message><RequestId>fault</RequestId></Error>")
            .getBytes(StandardCharsets.UTF_8);

    private final ServerSocket server;
    private final URI upstream;
    private final long stallMillis;
    private final BiFunction<String, Integer, Fault> policy;
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final Map<Fault, AtomicInteger> faults = new ConcurrentHashMap<>();

    public FaultyProxy(String upstreamEndpoint, long stallMillis, BiFunction<String, Integer, Fault> policy) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstream = URI.create(upstreamEndpoint);
        this.stallMillis = stallMillis;
        this.policy = policy;
        Thread acceptor = new Thread(this::accept, "faulty-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public int count(Fault fault) {
        return faults.computeIfAbsent(fault, f -> new AtomicInteger()).get();
    }

    /** Every distinct request seen, as the policy sees it. */
    public Set<String> requests() {
        return Set.copyOf(seen.keySet());
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread handler = new Thread(() -> handle(client), "faulty-proxy-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            byte[] body = in.readNBytes(contentLength(head));
            String request = head.substring(0, head.indexOf(' ', head.indexOf(' ') + 1)) + " " + header(head, "range");
            int earlier = seen.computeIfAbsent(request, r -> new AtomicInteger()).getAndIncrement();
            Fault fault = policy.apply(request, earlier);
            faults.computeIfAbsent(fault, f -> new AtomicInteger()).incrementAndGet();
            OutputStream out = client.getOutputStream();
            switch (fault) {
                case SLOW_DOWN -> out.write(slowDown());
                case STALL_BEFORE_ANSWER -> Thread.sleep(stallMillis);
                case STALL_MID_BODY -> {
                    byte[] answer = forward(head, body);
                    out.write(answer, 0, answer.length - Math.max(1, (answer.length - head.length()) / 2));
                    out.flush();
                    Thread.sleep(stallMillis);
                }
                case NONE -> out.write(forward(head, body));
            }
            out.flush();
        } catch (IOException | InterruptedException e) {
            // The client gave up on a stalled answer: what the stall is for.
        }
    }

    /** The upstream's whole answer; asking it to close the connection after answering marks the end. */
    private byte[] forward(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(upstream.getHost(), upstream.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(withConnectionClose(head).getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return socket.getInputStream().readAllBytes();
        }
    }

    private static byte[] slowDown() {
        String head = "HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: "
                + SLOW_DOWN_BODY.length + "\r\nConnection: close\r\n\r\n";
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        answer.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        answer.writeBytes(SLOW_DOWN_BODY);
        return answer.toByteArray();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return matched == 4 ? head.toString(StandardCharsets.ISO_8859_1) : null;
    }

    private static int contentLength(String head) {
        String value = header(head, "content-length");
        return value.isEmpty() ? 0 : Integer.parseInt(value);
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "";
    }

    private static String withConnectionClose(String head) {
        StringBuilder rewritten = new StringBuilder();
        for (String line : head.split("\r\n")) {
            if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                rewritten.append(line).append("\r\n");
            }
        }
        return rewritten.append("Connection: close\r\n\r\n").toString();
    }
}
