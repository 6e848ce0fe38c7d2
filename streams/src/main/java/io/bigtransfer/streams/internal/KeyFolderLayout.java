package io.bigtransfer.streams.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The image-folder layout ({@code <class>/<image>}) read from object keys relative to a root, by
 * the rules of the local folder: a class is a first-level "folder" (any key below it, or a
 * {@code class/} marker), sorted by name; samples are the keys exactly one level down, listed by
 * class, then by name; keys directly under the root, deeper keys and any name starting with '.'
 * are ignored. Names compare as Java strings, as local file names do, not in S3's byte order.
 */
public record KeyFolderLayout(List<String> classNames, List<String> sampleKeys, int[] labels) {

    public static KeyFolderLayout of(Collection<String> relativeKeys) {
        TreeSet<String> classes = new TreeSet<>();
        List<String> samples = new ArrayList<>();
        for (String key : relativeKeys) {
            int slash = key.indexOf('/');
            if (slash <= 0 || key.startsWith(".")) {
                continue;
            }
            classes.add(key.substring(0, slash));
            String name = key.substring(slash + 1);
            if (!name.isEmpty() && !name.contains("/") && !name.startsWith(".")) {
                samples.add(key);
            }
        }
        List<String> classNames = List.copyOf(classes);
        samples.sort(Comparator.comparing((String key) -> key.substring(0, key.indexOf('/')))
                .thenComparing(key -> key.substring(key.indexOf('/') + 1)));
        Map<String, Integer> labelOf = new HashMap<>();
        for (String name : classNames) {
            labelOf.put(name, labelOf.size());
        }
        int[] labels = samples.stream().mapToInt(key -> labelOf.get(key.substring(0, key.indexOf('/')))).toArray();
        return new KeyFolderLayout(classNames, List.copyOf(samples), labels);
    }
}
