package io.bigtransfer.model;

/** Solves A X = B for a symmetric positive definite A by Cholesky factorization, in float64. */
final class Cholesky {
    private Cholesky() {
    }

    static double[][] solve(double[][] a, double[][] b) {
        int n = a.length;
        double[][] lower = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= lower[i][k] * lower[j][k];
                }
                if (i == j) {
                    if (!(sum > 0)) {
                        throw new IllegalArgumentException("the matrix is not positive definite");
                    }
                    lower[i][i] = Math.sqrt(sum);
                } else {
                    lower[i][j] = sum / lower[j][j];
                }
            }
        }
        int columns = b[0].length;
        double[][] x = new double[n][columns];
        for (int c = 0; c < columns; c++) {
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                double sum = b[i][c];
                for (int k = 0; k < i; k++) {
                    sum -= lower[i][k] * z[k];
                }
                z[i] = sum / lower[i][i];
            }
            for (int i = n - 1; i >= 0; i--) {
                double sum = z[i];
                for (int k = i + 1; k < n; k++) {
                    sum -= lower[k][i] * x[k][c];
                }
                x[i][c] = sum / lower[i][i];
            }
        }
        return x;
    }
}
