package io.bigtransfer.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The architecture of a ResNet-v2 with Group Normalization and Weight Standardization: units per
 * block (four blocks), width factor k, group count and class count. Widths follow BiT: root 64k,
 * block b has middle width 64k*2^(b-1) and output width four times that.
 */
public record ModelSpec(int[] units, double width, int groups, int classes) {
    public static final int BLOCKS = 4;
    /** The names of the parameters that code addresses one by one. */
    public static final String ROOT_KERNEL = "resnet/root_block/standardized_conv2d/kernel";
    public static final String HEAD_KERNEL = "resnet/head/conv2d/kernel";
    public static final String HEAD_BIAS = "resnet/head/conv2d/bias";

    public ModelSpec {
        units = units.clone();
        if (units.length != BLOCKS || Arrays.stream(units).anyMatch(u -> u < 1)) {
            throw new IllegalArgumentException("a ResNet-v2 needs " + BLOCKS
                    + " blocks of at least one unit each, not " + Arrays.toString(units));
        }
        if (classes < 1) {
            throw new IllegalArgumentException("the class count must be positive, not " + classes);
        }
        if (groups < 1) {
            throw new IllegalArgumentException("the group count must be positive, not " + groups);
        }
        // Every width is the root width times a power of two, so checking the root suffices.
        double rootChannels = 64 * width;
        if (width <= 0 || rootChannels != Math.rint(rootChannels) || ((long) rootChannels) % groups != 0) {
            throw new IllegalArgumentException("width factor " + width + " gives a root of " + rootChannels
                    + " channels, which is not a whole multiple of the " + groups + " groups");
        }
    }

    @Override
    public int[] units() {
        return units.clone();
    }

    public int rootWidth() {
        return (int) Math.rint(64 * width);
    }

    /** Middle (bottleneck) width of block b, 1-based. */
    public int middleWidth(int block) {
        return rootWidth() << (block - 1);
    }

    public int outputWidth(int block) {
        return 4 * middleWidth(block);
    }

    /** Whether {@code parameterName} belongs to the head (trained alone in linear probing). */
    public static boolean isHead(String parameterName) {
        return parameterName.startsWith("resnet/head/");
    }

    public int featureWidth() {
        return outputWidth(BLOCKS);
    }

    /** The same body with a head of {@code newClasses} classes. */
    public ModelSpec withClasses(int newClasses) {
        return new ModelSpec(units, width, groups, newClasses);
    }

    /** Stride of the first unit of block b: 1 in block 1, 2 elsewhere. */
    public static int blockStride(int block) {
        return block == 1 ? 1 : 2;
    }

    /**
     * Every parameter's official BiT name and shape, in a fixed order: root, blocks in order
     * (units in order, each a, b, c, then the projection), final group norm, head. Kernels are
     * HWIO; the head kernel is 1x1xDxC.
     */
    public Map<String, int[]> parameterShapes() {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        shapes.put(ROOT_KERNEL, new int[] {7, 7, 3, rootWidth()});
        int in = rootWidth();
        for (int block = 1; block <= BLOCKS; block++) {
            int mid = middleWidth(block);
            int out = outputWidth(block);
            for (int unit = 1; unit <= units[block - 1]; unit++) {
                String prefix = unitPrefix(block, unit);
                shapes.put(prefix + "a/group_norm/gamma", new int[] {in});
                shapes.put(prefix + "a/group_norm/beta", new int[] {in});
                shapes.put(prefix + "a/standardized_conv2d/kernel", new int[] {1, 1, in, mid});
                shapes.put(prefix + "b/group_norm/gamma", new int[] {mid});
                shapes.put(prefix + "b/group_norm/beta", new int[] {mid});
                shapes.put(prefix + "b/standardized_conv2d/kernel", new int[] {3, 3, mid, mid});
                shapes.put(prefix + "c/group_norm/gamma", new int[] {mid});
                shapes.put(prefix + "c/group_norm/beta", new int[] {mid});
                shapes.put(prefix + "c/standardized_conv2d/kernel", new int[] {1, 1, mid, out});
                if (unit == 1) {
                    shapes.put(prefix + "a/proj/standardized_conv2d/kernel", new int[] {1, 1, in, out});
                }
                in = out;
            }
        }
        shapes.put("resnet/group_norm/gamma", new int[] {in});
        shapes.put("resnet/group_norm/beta", new int[] {in});
        shapes.put(HEAD_KERNEL, new int[] {1, 1, in, classes});
        shapes.put(HEAD_BIAS, new int[] {classes});
        return shapes;
    }

    /** {@code resnet/block{b}/unit{uu}/}, units numbered from 01. */
    public static String unitPrefix(int block, int unit) {
        return String.format("resnet/block%d/unit%02d/", block, unit);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelSpec that && Arrays.equals(units, that.units) && width == that.width
                && groups == that.groups && classes == that.classes;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(units) * 31 + Double.hashCode(width) * 17 + groups * 7 + classes;
    }

    @Override
    public String toString() {
        return "ResNet-v2 units " + Arrays.toString(units) + " width " + width + " groups " + groups
                + " classes " + classes;
    }
}
