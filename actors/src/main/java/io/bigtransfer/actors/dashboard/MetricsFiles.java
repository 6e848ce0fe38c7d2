package io.bigtransfer.actors.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metrics of every job the dashboard has shown, read incrementally: each call parses only the
 * lines appended since the last one, so a page that refreshes every few seconds costs the new
 * lines, not the whole file. A line still being written (no newline yet) waits for the next call;
 * a file that shrank was replaced and is read again from the start.
 */
final class MetricsFiles {
    private final Map<Path, FileState> files = new ConcurrentHashMap<>();

    JobMetrics read(Path file) {
        return files.computeIfAbsent(file.toAbsolutePath().normalize(), path -> new FileState()).read(file);
    }

    private static final class FileState {
        private static final int CHUNK_BYTES = 4 << 20;
        private long position;
        private MetricsParser parser = new MetricsParser();

        synchronized JobMetrics read(Path file) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = channel.size();
                if (size < position) {
                    position = 0;
                    parser = new MetricsParser();
                }
                while (position < size) {
                    int consumed = consumeCompleteLines(readChunk(channel, size));
                    if (consumed == 0) {
                        break;
                    }
                    position += consumed;
                }
            } catch (NoSuchFileException e) {
                return JobMetrics.EMPTY;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the metrics file " + file + ": " + e.getMessage(), e);
            }
            return parser.snapshot();
        }

        private ByteBuffer readChunk(FileChannel channel, long size) throws IOException {
            ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, size - position));
            while (chunk.hasRemaining()) {
                if (channel.read(chunk, position + chunk.position()) < 0) {
                    break;
                }
            }
            return chunk.flip();
        }

        /** Feeds every complete line to the parser and returns the bytes they took. */
        private int consumeCompleteLines(ByteBuffer chunk) {
            byte[] bytes = chunk.array();
            int start = 0;
            for (int i = 0; i < chunk.limit(); i++) {
                if (bytes[i] == '\n') {
                    parser.accept(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return start;
        }
    }
}
