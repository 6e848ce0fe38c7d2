package io.bigtransfer.actors.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/** The end of a job's log, read from the end of the file however long the log has grown. */
final class LogTail {
    private static final int LINES_FROM_BYTES = 64 << 10;

    private LogTail() {
    }

    /** The last {@code count} lines (of the last 64 KiB). */
    static List<String> lastLines(Path file, int count) {
        String tail = lastBytes(file, LINES_FROM_BYTES);
        if (tail.isEmpty()) {
            return List.of();
        }
        List<String> lines = Arrays.asList(tail.split("\r?\n"));
        return List.copyOf(lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /** At most the last {@code maxBytes} of the file, from the first whole line in them; empty when there is no file. */
    static String lastBytes(Path file, int maxBytes) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long start = Math.max(0, size - maxBytes);
            ByteBuffer tail = ByteBuffer.allocate((int) (size - start));
            while (tail.hasRemaining()) {
                if (channel.read(tail, start + tail.position()) < 0) {
                    break;
                }
            }
            int from = 0;
            if (start > 0) {
                while (from < tail.position() && tail.get(from) != '\n') {
                    from++;
                }
                from = Math.min(from + 1, tail.position());
            }
            return new String(tail.array(), from, tail.position() - from, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log " + file + ": " + e.getMessage(), e);
        }
    }
}
