package io.bigtransfer.streams.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A shard set in a local folder. Temporary files are made in the folder itself, so publishing is a rename. */
public final class LocalShardFiles implements ShardFiles {
    private final Path folder;

    public LocalShardFiles(Path folder) {
        this.folder = folder;
    }

    @Override
    public String describe() {
        return folder.toString();
    }

    @Override
    public String location(String name) {
        return folder.resolve(name).toString();
    }

    @Override
    public Map<String, Long> list() throws IOException {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (Files.isRegularFile(entry)) {
                    files.put(entry.getFileName().toString(), Files.size(entry));
                }
            }
        }
        return files;
    }

    @Override
    public byte[] read(String name) throws IOException {
        return Files.readAllBytes(folder.resolve(name));
    }

    @Override
    public byte[] read(String name, long offset, int length) throws IOException {
        // A positional read on a channel of its own: no shared position, so threads never interfere.
        try (FileChannel channel = FileChannel.open(folder.resolve(name), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    throw new EOFException(location(name) + " ends before byte " + (offset + length) + ".");
                }
            }
            return buffer.array();
        }
    }

    @Override
    public Path newTempFile() throws IOException {
        Files.createDirectories(folder);
        return Files.createTempFile(folder, ".", ".part");
    }

    @Override
    public void publish(String name, Path file) throws IOException {
        Files.move(file, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void publish(String name, byte[] bytes) throws IOException {
        Path file = newTempFile();
        try {
            Files.write(file, bytes);
            publish(name, file);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
