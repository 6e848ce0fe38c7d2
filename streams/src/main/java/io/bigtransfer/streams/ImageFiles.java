package io.bigtransfer.streams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Image files of unknown class, to run a model on: every sample is labelled 0, and the class
 * names are the model's, so they flow through the same evaluation stream as a labelled folder.
 */
public final class ImageFiles implements Dataset {
    private final List<Path> files;
    private final List<String> classNames;

    public ImageFiles(List<Path> files, List<String> classNames) {
        if (files.isEmpty() || classNames.isEmpty()) {
            throw new IllegalArgumentException("image files and class names must not be empty");
        }
        this.files = List.copyOf(files);
        this.classNames = List.copyOf(classNames);
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public int label(int index) {
        return 0;
    }

    @Override
    public byte[] read(int index) throws IOException {
        return Files.readAllBytes(files.get(index));
    }

    @Override
    public String location(int index) {
        return files.get(index).toString();
    }
}
