package io.bigtransfer.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DatasetSubsetsTest {
    /** Sample i reads as the single byte i and sits at "mem:i". */
    private record MemoryDataset(List<String> classNames, int[] labels) implements Dataset {
        @Override
        public int size() {
            return labels.length;
        }

        @Override
        public int label(int index) {
            return labels[index];
        }

        @Override
        public byte[] read(int index) {
            return new byte[] {(byte) index};
        }

        @Override
        public String location(int index) {
            return "mem:" + index;
        }
    }

    /** Classes a, b, c, d; samples 0..9 labelled a b c d b c a d b b. */
    private static final Dataset BASE = new MemoryDataset(List.of("a", "b", "c", "d"),
            new int[] {0, 1, 2, 3, 1, 2, 0, 3, 1, 1});

    /** Base sample of every subset sample, read back through the subset. */
    private static int[] baseIndices(Dataset subset) throws IOException {
        int[] indices = new int[subset.size()];
        for (int i = 0; i < subset.size(); i++) {
            indices[i] = subset.read(i)[0];
            assertEquals("mem:" + indices[i], subset.location(i));
        }
        return indices;
    }

    private static int[] labels(Dataset dataset) {
        return IntStream.range(0, dataset.size()).map(dataset::label).toArray();
    }

    @Test
    void classSubsetsRelabelInTheBasesClassOrder() throws IOException {
        Dataset subset = DatasetSubsets.classes(BASE, List.of("d", "b"));
        assertEquals(List.of("b", "d"), subset.classNames());
        // b (samples 1, 4, 8, 9) -> 0, d (samples 3, 7) -> 1, in listing order.
        assertArrayEquals(new int[] {1, 3, 4, 7, 8, 9}, baseIndices(subset));
        assertArrayEquals(new int[] {0, 1, 0, 1, 0, 0}, labels(subset));
    }

    @Test
    void classSubsetsRefuseUnknownOrEmptyClasses() {
        DataException unknown = assertThrows(DataException.class,
                () -> DatasetSubsets.classes(BASE, List.of("a", "x")));
        assertEquals("The data set has no class named 'x'.", unknown.getMessage());
        Dataset withEmptyClass = new MemoryDataset(List.of("a", "empty"), new int[] {0, 0});
        assertEquals("The classes empty have no samples.", assertThrows(DataException.class,
                () -> DatasetSubsets.classes(withEmptyClass, List.of("empty"))).getMessage());
    }

    @Test
    void examplesPerClassKeepsKOfEachClassInListingOrder() throws IOException {
        for (long seed = 0; seed < 20; seed++) {
            Dataset subset = DatasetSubsets.examplesPerClass(BASE, 2, seed);
            assertEquals(BASE.classNames(), subset.classNames());
            int[] indices = baseIndices(subset);
            assertEquals(8, indices.length);
            int[] perClass = new int[4];
            for (int i = 0; i < indices.length; i++) {
                assertEquals(BASE.label(indices[i]), subset.label(i));
                perClass[subset.label(i)]++;
                assertTrue(i == 0 || indices[i - 1] < indices[i], "listing order");
            }
            assertArrayEquals(new int[] {2, 2, 2, 2}, perClass);
            assertArrayEquals(indices, baseIndices(DatasetSubsets.examplesPerClass(BASE, 2, seed)));
        }
    }

    @Test
    void examplesPerClassChoosesEverySampleEquallyOften() throws IOException {
        // Class b has 4 samples (1, 4, 8, 9); with K = 1 each is chosen by about a quarter of the seeds.
        int seeds = 8000;
        int[] counts = new int[10];
        for (long seed = 0; seed < seeds; seed++) {
            for (int index : baseIndices(DatasetSubsets.examplesPerClass(BASE, 1, seed))) {
                counts[index]++;
            }
        }
        for (int index : new int[] {1, 4, 8, 9}) {
            assertEquals(seeds / 4, counts[index], 200, "sample " + index);
        }
        assertEquals(seeds, counts[0] + counts[6]);
        assertEquals(seeds / 2, counts[0], 200);
    }

    @Test
    void aClassesChoiceDependsOnlyOnItsOwnSamples() throws IOException {
        // Adding samples of class d changes nothing for the other classes.
        Dataset more = new MemoryDataset(List.of("a", "b", "c", "d"),
                new int[] {0, 1, 2, 3, 1, 2, 0, 3, 1, 1, 3, 3});
        for (long seed = 0; seed < 20; seed++) {
            int[] before = baseIndices(DatasetSubsets.examplesPerClass(BASE, 2, seed));
            int[] after = baseIndices(DatasetSubsets.examplesPerClass(more, 2, seed));
            assertArrayEquals(withoutClassD(BASE, before), withoutClassD(more, after));
        }
    }

    private static int[] withoutClassD(Dataset base, int[] indices) {
        return IntStream.of(indices).filter(i -> base.label(i) != 3).toArray();
    }

    @Test
    void examplesPerClassRefusesAClassWithTooFewSamplesByName() {
        DataException e = assertThrows(DataException.class, () -> DatasetSubsets.examplesPerClass(BASE, 3, 0));
        assertEquals("Class 'a' has 2 samples, fewer than the 3 per class asked for.", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DatasetSubsets.examplesPerClass(BASE, 0, 0));
    }

    @Test
    void randomClassesChooseNClassesUniformlyAndKeepTheBaseOrder() throws IOException {
        int seeds = 6000;
        int[] counts = new int[4];
        List<List<String>> choices = new ArrayList<>();
        for (long seed = 0; seed < seeds; seed++) {
            Dataset subset = DatasetSubsets.randomClasses(BASE, 2, seed);
            List<String> names = subset.classNames();
            assertEquals(2, names.size());
            assertTrue(names.get(0).compareTo(names.get(1)) < 0, "base order: " + names);
            assertEquals(DatasetSubsets.classes(BASE, names).classNames(), names);
            assertArrayEquals(baseIndices(DatasetSubsets.classes(BASE, names)), baseIndices(subset));
            names.forEach(name -> counts[BASE.classNames().indexOf(name)]++);
            if (seed < 20) {
                choices.add(names);
            }
        }
        // Each class is in half of the choices.
        for (int count : counts) {
            assertEquals(seeds / 2, count, 200);
        }
        assertEquals(choices.get(3), DatasetSubsets.randomClasses(BASE, 2, 3).classNames());
        assertTrue(choices.stream().distinct().count() > 1, "seeds change the choice");
    }

    @Test
    void randomClassesRefuseMoreClassesThanThereAre() {
        assertEquals("The data set has 4 classes, fewer than the 5 asked for.",
                assertThrows(DataException.class, () -> DatasetSubsets.randomClasses(BASE, 5, 0)).getMessage());
        assertEquals(BASE.classNames(), DatasetSubsets.randomClasses(BASE, 4, 9).classNames());
    }

    @Test
    void fewShotSubsetsCompose() throws IOException {
        Dataset fewShot = DatasetSubsets.examplesPerClass(DatasetSubsets.randomClasses(BASE, 3, 1), 2, 1);
        assertEquals(3, fewShot.classNames().size());
        assertEquals(6, fewShot.size());
        int[] indices = baseIndices(fewShot);
        for (int i = 0; i < fewShot.size(); i++) {
            assertEquals(fewShot.classNames().get(fewShot.label(i)), BASE.classNames().get(BASE.label(indices[i])));
        }
    }
}
