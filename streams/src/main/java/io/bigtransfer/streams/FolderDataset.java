package io.bigtransfer.streams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * An image folder {@code ROOT/<class name>/<image>}. The class index is the position of the class
 * folder's name in sorted order; files directly under ROOT, anything starting with '.', and
 * folders nested inside a class folder are ignored. Samples are listed by class, then by file
 * name, so the listing (and with it every sample index) is the same on every machine.
 */
public final class FolderDataset implements Dataset {
    private final List<String> classNames;
    private final List<FolderSample> samples;

    private FolderDataset(List<String> classNames, List<FolderSample> samples) {
        this.classNames = classNames;
        this.samples = samples;
    }

    /** Lists {@code root}; fails with a {@link DataException} when it holds no usable images. */
    public static FolderDataset open(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DataException("The data folder " + root + " does not exist or is not a folder.");
        }
        try {
            List<Path> classFolders = visibleEntries(root).stream().filter(Files::isDirectory).toList();
            if (classFolders.isEmpty()) {
                throw new DataException("The data folder " + root + " has no class folders.");
            }
            List<String> classNames = new ArrayList<>();
            List<FolderSample> samples = new ArrayList<>();
            for (Path classFolder : classFolders) {
                int label = classNames.size();
                classNames.add(classFolder.getFileName().toString());
                for (Path file : visibleEntries(classFolder)) {
                    if (Files.isRegularFile(file)) {
                        samples.add(new FolderSample(file, label));
                    }
                }
            }
            if (samples.isEmpty()) {
                throw new DataException("The data folder " + root + " has class folders but no images.");
            }
            return new FolderDataset(List.copyOf(classNames), List.copyOf(samples));
        } catch (IOException e) {
            throw new DataException("The data folder " + root + " cannot be read: " + e + ".", e);
        }
    }

    /** Entries of {@code folder} not starting with '.', sorted by name. */
    private static List<Path> visibleEntries(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        }
    }

    public FolderSample sample(int index) {
        return samples.get(index);
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int size() {
        return samples.size();
    }

    @Override
    public int label(int index) {
        return samples.get(index).label();
    }

    @Override
    public byte[] read(int index) throws IOException {
        return Files.readAllBytes(samples.get(index).path());
    }

    @Override
    public String location(int index) {
        return samples.get(index).path().toString();
    }
}
