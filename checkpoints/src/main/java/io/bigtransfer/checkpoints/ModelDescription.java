package io.bigtransfer.checkpoints;

import java.util.Arrays;

/**
 * The architecture a checkpoint's parameters belong to, as plain values: this module does not
 * know the {@code model} module, so the actors translate between the two.
 *
 * @param units   bottleneck units per block, e.g. {@code [3, 4, 6, 3]} for R50
 * @param width   the width factor k (fractional values serve small test models)
 * @param groups  group count of every Group Norm
 * @param classes size of the head
 */
public record ModelDescription(int[] units, double width, int groups, int classes) {

    public ModelDescription {
        if (units.length == 0) {
            throw new IllegalArgumentException("a model needs at least one block");
        }
        for (int count : units) {
            if (count <= 0) {
                throw new IllegalArgumentException("block unit counts must be positive: " + Arrays.toString(units));
            }
        }
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new IllegalArgumentException("width must be a positive number, not " + width);
        }
        if (groups <= 0 || classes <= 0) {
            throw new IllegalArgumentException("groups and classes must be positive, not " + groups + " and " + classes);
        }
        units = units.clone();
    }

    /** A copy, so that the record stays immutable. */
    @Override
    public int[] units() {
        return units.clone();
    }

    // Records compare arrays by identity; two descriptions of the same architecture must be equal.
    @Override
    public boolean equals(Object other) {
        return other instanceof ModelDescription that
                && Arrays.equals(units, that.units)
                && Double.compare(width, that.width) == 0
                && groups == that.groups
                && classes == that.classes;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(units) + Double.hashCode(width) + 7 * groups + classes;
    }

    @Override
    public String toString() {
        return "ModelDescription[units=" + Arrays.toString(units) + ", width=" + width
                + ", groups=" + groups + ", classes=" + classes + "]";
    }
}
