package io.bigtransfer.model;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;

/**
 * An independent float64 forward pass written directly from DESIGN.md's "BiT facts" with naive
 * loops, sharing no code with the SameDiff graph: it checks the engine's padding, strides, pooling,
 * normalizations and head, not only its gradients.
 */
final class ReferenceResNetV2 {
    private final ModelSpec spec;
    private final NamedBuffers parameters;

    ReferenceResNetV2(ModelSpec spec, NamedBuffers parameters) {
        this.spec = spec;
        this.parameters = parameters;
    }

    /** An NHWC tensor. */
    record Tensor(double[] v, int n, int h, int w, int c) {
        Tensor(int n, int h, int w, int c) {
            this(new double[n * h * w * c], n, h, w, c);
        }

        int at(int b, int y, int x, int ch) {
            return ((b * h + y) * w + x) * c + ch;
        }
    }

    /** Logits [count, classes], row-major. */
    double[] logits(ImageBatch images) {
        Tensor x = new Tensor(new double[images.pixels().length], images.count(), images.height(), images.width(), 3);
        for (int i = 0; i < x.v.length; i++) {
            x.v[i] = images.pixels()[i];
        }
        x = rootBlock(x);
        for (int block = 1; block <= ModelSpec.BLOCKS; block++) {
            for (int unit = 1; unit <= spec.units()[block - 1]; unit++) {
                int stride = unit == 1 ? ModelSpec.blockStride(block) : 1;
                x = unit(x, ModelSpec.unitPrefix(block, unit), unit == 1, stride);
            }
        }
        return head(x);
    }

    Tensor rootBlock(Tensor input) {
        Tensor conv = conv(input, "resnet/root_block/standardized_conv2d/kernel", 2, 3);
        return maxPool3x3Stride2(zeroPad1(conv));
    }

    private Tensor unit(Tensor x, String prefix, boolean projects, int stride) {
        Tensor pre = relu(groupNorm(x, prefix + "a/"));
        Tensor shortcut = projects ? conv(pre, prefix + "a/proj/standardized_conv2d/kernel", stride, 0) : x;
        Tensor a = conv(pre, prefix + "a/standardized_conv2d/kernel", 1, 0);
        Tensor b = conv(relu(groupNorm(a, prefix + "b/")), prefix + "b/standardized_conv2d/kernel", stride, 1);
        Tensor c = conv(relu(groupNorm(b, prefix + "c/")), prefix + "c/standardized_conv2d/kernel", 1, 0);
        Tensor sum = new Tensor(c.n, c.h, c.w, c.c);
        for (int i = 0; i < sum.v.length; i++) {
            sum.v[i] = c.v[i] + shortcut.v[i];
        }
        return sum;
    }

    private double[] head(Tensor x) {
        Tensor act = relu(groupNorm(x, "resnet/"));
        float[] kernel = param("resnet/head/conv2d/kernel").data();
        float[] bias = param("resnet/head/conv2d/bias").data();
        int classes = spec.classes();
        double[] logits = new double[act.n * classes];
        for (int b = 0; b < act.n; b++) {
            for (int k = 0; k < classes; k++) {
                double z = bias[k];
                for (int ch = 0; ch < act.c; ch++) {
                    double pooled = 0;
                    for (int y = 0; y < act.h; y++) {
                        for (int xx = 0; xx < act.w; xx++) {
                            pooled += act.v[act.at(b, y, xx, ch)];
                        }
                    }
                    z += pooled / (act.h * act.w) * kernel[ch * classes + k];
                }
                logits[b * classes + k] = z;
            }
        }
        return logits;
    }

    /** Weight-standardized conv, HWIO kernel, symmetric zero padding, no bias. */
    private Tensor conv(Tensor x, String kernelName, int stride, int pad) {
        NamedBuffer kernel = param(kernelName);
        int kh = kernel.shape()[0];
        int kw = kernel.shape()[1];
        int cin = kernel.shape()[2];
        int cout = kernel.shape()[3];
        double[] w = standardize(kernel.data(), kh * kw * cin, cout);
        int oh = (x.h + 2 * pad - kh) / stride + 1;
        int ow = (x.w + 2 * pad - kw) / stride + 1;
        Tensor out = new Tensor(x.n, oh, ow, cout);
        for (int b = 0; b < x.n; b++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int o = 0; o < cout; o++) {
                        double sum = 0;
                        for (int ky = 0; ky < kh; ky++) {
                            for (int kx = 0; kx < kw; kx++) {
                                int iy = oy * stride - pad + ky;
                                int ix = ox * stride - pad + kx;
                                if (iy < 0 || iy >= x.h || ix < 0 || ix >= x.w) {
                                    continue;
                                }
                                for (int i = 0; i < cin; i++) {
                                    sum += x.v[x.at(b, iy, ix, i)] * w[((ky * kw + kx) * cin + i) * cout + o];
                                }
                            }
                        }
                        out.v[out.at(b, oy, ox, o)] = sum;
                    }
                }
            }
        }
        return out;
    }

    /** Per output filter (the last HWIO axis): (w - mean) / sqrt(biased var + 1e-10). */
    private static double[] standardize(float[] kernel, int fanIn, int filters) {
        double[] w = new double[kernel.length];
        for (int o = 0; o < filters; o++) {
            double mean = 0;
            for (int i = 0; i < fanIn; i++) {
                mean += kernel[i * filters + o];
            }
            mean /= fanIn;
            double var = 0;
            for (int i = 0; i < fanIn; i++) {
                double d = kernel[i * filters + o] - mean;
                var += d * d;
            }
            var /= fanIn;
            for (int i = 0; i < fanIn; i++) {
                w[i * filters + o] = (kernel[i * filters + o] - mean) / Math.sqrt(var + 1e-10);
            }
        }
        return w;
    }

    /** Groups of consecutive channels, biased variance, eps 1e-5, then per-channel gamma and beta. */
    private Tensor groupNorm(Tensor x, String prefix) {
        float[] gamma = param(prefix + "group_norm/gamma").data();
        float[] beta = param(prefix + "group_norm/beta").data();
        int perGroup = x.c / spec.groups();
        int count = x.h * x.w * perGroup;
        Tensor out = new Tensor(x.n, x.h, x.w, x.c);
        for (int b = 0; b < x.n; b++) {
            for (int g = 0; g < spec.groups(); g++) {
                double mean = 0;
                for (int y = 0; y < x.h; y++) {
                    for (int xx = 0; xx < x.w; xx++) {
                        for (int ch = g * perGroup; ch < (g + 1) * perGroup; ch++) {
                            mean += x.v[x.at(b, y, xx, ch)];
                        }
                    }
                }
                mean /= count;
                double var = 0;
                for (int y = 0; y < x.h; y++) {
                    for (int xx = 0; xx < x.w; xx++) {
                        for (int ch = g * perGroup; ch < (g + 1) * perGroup; ch++) {
                            double d = x.v[x.at(b, y, xx, ch)] - mean;
                            var += d * d;
                        }
                    }
                }
                var /= count;
                for (int y = 0; y < x.h; y++) {
                    for (int xx = 0; xx < x.w; xx++) {
                        for (int ch = g * perGroup; ch < (g + 1) * perGroup; ch++) {
                            int i = x.at(b, y, xx, ch);
                            out.v[i] = (x.v[i] - mean) / Math.sqrt(var + 1e-5) * gamma[ch] + beta[ch];
                        }
                    }
                }
            }
        }
        return out;
    }

    private static Tensor relu(Tensor x) {
        Tensor out = new Tensor(x.n, x.h, x.w, x.c);
        for (int i = 0; i < x.v.length; i++) {
            out.v[i] = Math.max(0, x.v[i]);
        }
        return out;
    }

    private static Tensor zeroPad1(Tensor x) {
        Tensor out = new Tensor(x.n, x.h + 2, x.w + 2, x.c);
        for (int b = 0; b < x.n; b++) {
            for (int y = 0; y < x.h; y++) {
                for (int xx = 0; xx < x.w; xx++) {
                    for (int ch = 0; ch < x.c; ch++) {
                        out.v[out.at(b, y + 1, xx + 1, ch)] = x.v[x.at(b, y, xx, ch)];
                    }
                }
            }
        }
        return out;
    }

    /** 3x3 windows, stride 2, no padding (the input is already zero-padded). */
    private static Tensor maxPool3x3Stride2(Tensor x) {
        int oh = (x.h - 3) / 2 + 1;
        int ow = (x.w - 3) / 2 + 1;
        Tensor out = new Tensor(x.n, oh, ow, x.c);
        for (int b = 0; b < x.n; b++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int ch = 0; ch < x.c; ch++) {
                        double max = Double.NEGATIVE_INFINITY;
                        for (int ky = 0; ky < 3; ky++) {
                            for (int kx = 0; kx < 3; kx++) {
                                max = Math.max(max, x.v[x.at(b, oy * 2 + ky, ox * 2 + kx, ch)]);
                            }
                        }
                        out.v[out.at(b, oy, ox, ch)] = max;
                    }
                }
            }
        }
        return out;
    }

    private NamedBuffer param(String name) {
        return parameters.get(name);
    }
}
