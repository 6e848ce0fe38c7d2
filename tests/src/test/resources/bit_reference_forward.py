"""An independent float64 forward pass of BiT's ResNet-v2 in NumPy, written from DESIGN.md.
Weights come from the model module's bit_npz_fixture.py (write ... --random SEED).

  input OUT.npy N H W SEED                   random NCHW float32 inputs
  logits WEIGHTS.npz IN.npy GROUPS OUT.npy   logits [N, classes] of the inputs, computed in float64
                                             and stored as float32 (rounding ~1e-7, far below 1e-4)
"""
import sys

import numpy as np


def std_conv(x, w, stride, pad):
    """Weight-standardized convolution: x NHWC, w HWIO, symmetric zero padding, no bias."""
    mean = w.mean(axis=(0, 1, 2), keepdims=True)
    var = ((w - mean) ** 2).mean(axis=(0, 1, 2), keepdims=True)
    w = (w - mean) / np.sqrt(var + 1e-10)
    x = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    kh, kw = w.shape[:2]
    oh = (x.shape[1] - kh) // stride + 1
    ow = (x.shape[2] - kw) // stride + 1
    out = np.zeros((x.shape[0], oh, ow, w.shape[3]))
    for i in range(kh):
        for j in range(kw):
            out += x[:, i:i + stride * (oh - 1) + 1:stride, j:j + stride * (ow - 1) + 1:stride, :] @ w[i, j]
    return out


def group_norm(x, gamma, beta, groups):
    n, h, w, c = x.shape
    grouped = x.reshape(n, h, w, groups, c // groups)
    mean = grouped.mean(axis=(1, 2, 4), keepdims=True)
    var = ((grouped - mean) ** 2).mean(axis=(1, 2, 4), keepdims=True)
    return ((grouped - mean) / np.sqrt(var + 1e-5)).reshape(n, h, w, c) * gamma + beta


def relu(x):
    return np.maximum(x, 0)


def max_pool_3x3_stride2(x):
    oh = (x.shape[1] - 3) // 2 + 1
    ow = (x.shape[2] - 3) // 2 + 1
    out = np.full((x.shape[0], oh, ow, x.shape[3]), -np.inf)
    for i in range(3):
        for j in range(3):
            out = np.maximum(out, x[:, i:i + 2 * (oh - 1) + 1:2, j:j + 2 * (ow - 1) + 1:2, :])
    return out


def forward(p, x, groups):
    gn = lambda x, prefix: group_norm(x, p[prefix + "group_norm/gamma"], p[prefix + "group_norm/beta"], groups)
    x = std_conv(x, p["resnet/root_block/standardized_conv2d/kernel"], 2, 3)
    # Zero padding, not -inf: the convolution's output can be negative.
    x = max_pool_3x3_stride2(np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0))))
    for block in range(1, 5):
        unit = 1
        while f"resnet/block{block}/unit{unit:02d}/a/standardized_conv2d/kernel" in p:
            u = f"resnet/block{block}/unit{unit:02d}/"
            stride = 2 if unit == 1 and block > 1 else 1
            pre = relu(gn(x, u + "a/"))
            shortcut = std_conv(pre, p[u + "a/proj/standardized_conv2d/kernel"], stride, 0) if unit == 1 else x
            a = std_conv(pre, p[u + "a/standardized_conv2d/kernel"], 1, 0)
            b = std_conv(relu(gn(a, u + "b/")), p[u + "b/standardized_conv2d/kernel"], stride, 1)
            c = std_conv(relu(gn(b, u + "c/")), p[u + "c/standardized_conv2d/kernel"], 1, 0)
            x = c + shortcut
            unit += 1
    features = relu(gn(x, "resnet/")).mean(axis=(1, 2))
    kernel = p["resnet/head/conv2d/kernel"]
    return features @ kernel.reshape(kernel.shape[2], kernel.shape[3]) + p["resnet/head/conv2d/bias"]


def main(argv):
    mode = argv[1]
    if mode == "input":
        rng = np.random.default_rng(int(argv[6]))
        n, h, w = int(argv[3]), int(argv[4]), int(argv[5])
        np.save(argv[2], rng.uniform(-2, 2, (n, 3, h, w)).astype(np.float32))
    elif mode == "logits":
        with np.load(argv[2]) as stored:
            params = {k: stored[k].astype(np.float64) for k in stored.files}
        x = np.load(argv[3]).astype(np.float64).transpose(0, 2, 3, 1)
        np.save(argv[5], forward(params, x, int(argv[4])).astype(np.float32))
    else:
        raise SystemExit("unknown mode " + mode)


if __name__ == "__main__":
    main(sys.argv)
