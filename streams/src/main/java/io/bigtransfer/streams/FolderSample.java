package io.bigtransfer.streams;

import java.nio.file.Path;

/** One entry of a {@link FolderDataset} listing. */
public record FolderSample(Path path, int label) {
}
