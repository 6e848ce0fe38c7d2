package io.bigtransfer.model;

/**
 * The closed-form linear probe of few-shot evaluation, as big_vision's few-shot evaluator does it:
 * features are whitened with the training features' mean and standard deviation (+1e-5), given a
 * constant feature of 100 (a bias that the L2 penalty hardly touches), and regressed by
 * L2-regularized least squares onto one-hot targets scaled to {-1, 1}; a test row's class is the
 * largest output. Solved in float64 by Cholesky, in the dual form {@code W = X^T (X X^T + l2 I)^-1 Y}
 * when there are fewer rows than features (the few-shot case), else in the primal form
 * {@code W = (X^T X + l2 I)^-1 X^T Y}; both give the same W.
 */
public final class RidgeProbe {
    static final double BIAS_FEATURE = 100.0;
    static final double STD_EPSILON = 1e-5;

    private final double[][] weights;
    private final double[] mean;
    private final double[] scale;

    private RidgeProbe(double[][] weights, double[] mean, double[] scale) {
        this.weights = weights;
        this.mean = mean;
        this.scale = scale;
    }

    /**
     * @param features row-major [n x depth]
     * @param labels   class index per row, in [0, classes)
     * @param l2       the L2 penalty, positive
     */
    public static RidgeProbe fit(float[] features, int depth, int[] labels, int classes, double l2) {
        int n = labels.length;
        if (n == 0 || features.length != n * depth || !(l2 > 0)) {
            throw new IllegalArgumentException("a probe needs rows of " + depth + " features, one label each, and l2 > 0");
        }
        double[] mean = new double[depth];
        double[] scale = new double[depth];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < depth; d++) {
                mean[d] += features[i * depth + d];
            }
        }
        for (int d = 0; d < depth; d++) {
            mean[d] /= n;
        }
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < depth; d++) {
                double centered = features[i * depth + d] - mean[d];
                scale[d] += centered * centered;
            }
        }
        for (int d = 0; d < depth; d++) {
            scale[d] = 1.0 / (Math.sqrt(scale[d] / n) + STD_EPSILON);
        }
        int columns = depth + 1;
        double[][] x = new double[n][columns];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < depth; d++) {
                x[i][d] = (features[i * depth + d] - mean[d]) * scale[d];
            }
            x[i][depth] = BIAS_FEATURE;
        }
        double[][] y = new double[n][classes];
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " is not one of " + classes + " classes");
            }
            for (int c = 0; c < classes; c++) {
                y[i][c] = c == labels[i] ? 1.0 : -1.0;
            }
        }
        double[][] weights = n < columns ? dual(x, y, l2) : primal(x, y, l2);
        return new RidgeProbe(weights, mean, scale);
    }

    /** W, [(depth + 1) x classes], the last row for the constant feature. */
    double[][] weights() {
        return weights;
    }

    /** The predicted class of each row of {@code features} (row-major [m x depth]). */
    public int[] predict(float[] features) {
        int depth = mean.length;
        int rows = features.length / depth;
        int classes = weights[0].length;
        int[] predicted = new int[rows];
        double[] row = new double[depth + 1];
        for (int i = 0; i < rows; i++) {
            for (int d = 0; d < depth; d++) {
                row[d] = (features[i * depth + d] - mean[d]) * scale[d];
            }
            row[depth] = BIAS_FEATURE;
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double score = 0;
                for (int d = 0; d <= depth; d++) {
                    score += row[d] * weights[d][c];
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            predicted[i] = best;
        }
        return predicted;
    }

    /** The share of rows whose predicted class is their label. */
    public double accuracy(float[] features, int[] labels) {
        int[] predicted = predict(features);
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }

    /** W = X^T (X X^T + l2 I)^-1 Y. */
    private static double[][] dual(double[][] x, double[][] y, double l2) {
        int n = x.length;
        double[][] gram = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double dot = 0;
                for (int d = 0; d < x[0].length; d++) {
                    dot += x[i][d] * x[j][d];
                }
                gram[i][j] = dot;
                gram[j][i] = dot;
            }
            gram[i][i] += l2;
        }
        double[][] alpha = Cholesky.solve(gram, y);
        return multiplyTransposed(x, alpha);
    }

    /** W = (X^T X + l2 I)^-1 X^T Y. */
    private static double[][] primal(double[][] x, double[][] y, double l2) {
        int columns = x[0].length;
        double[][] gram = multiplyTransposed(x, x);
        for (int d = 0; d < columns; d++) {
            gram[d][d] += l2;
        }
        return Cholesky.solve(gram, multiplyTransposed(x, y));
    }

    /** A^T B for A [n x p], B [n x q]. */
    private static double[][] multiplyTransposed(double[][] a, double[][] b) {
        int p = a[0].length;
        int q = b[0].length;
        double[][] result = new double[p][q];
        for (int i = 0; i < a.length; i++) {
            for (int r = 0; r < p; r++) {
                double value = a[i][r];
                if (value == 0) {
                    continue;
                }
                for (int c = 0; c < q; c++) {
                    result[r][c] += value * b[i][c];
                }
            }
        }
        return result;
    }
}
