"""Writes or checks a BiT-format .npz with NumPy, independently of the engine's own exporter.

Keys and shapes follow DESIGN.md's list of official names (kernels HWIO, head 1x1xDxC).
Every array holds value[i] = (i % 97) * 0.01 + len(key) % 13, so a reader can check its contents;
with --random SEED the arrays hold plausible random weights instead (gamma near 1, small beta).

  write OUT.npz UNITS WIDTH CLASSES [--random SEED] [--numbered] [--drop KEY] [--extra KEY] [--reshape KEY]
  check IN.npz UNITS WIDTH CLASSES     (exits non-zero unless IN holds exactly these arrays)
"""
import sys

import numpy as np


def official_shapes(units, width, classes):
    root = int(64 * width)
    shapes = {"resnet/root_block/standardized_conv2d/kernel": (7, 7, 3, root)}
    channels = root
    for block, count in enumerate(units, start=1):
        mid = root * 2 ** (block - 1)
        out = 4 * mid
        for unit in range(1, count + 1):
            p = f"resnet/block{block}/unit{unit:02d}/"
            shapes[p + "a/group_norm/gamma"] = (channels,)
            shapes[p + "a/group_norm/beta"] = (channels,)
            shapes[p + "a/standardized_conv2d/kernel"] = (1, 1, channels, mid)
            if unit == 1:
                shapes[p + "a/proj/standardized_conv2d/kernel"] = (1, 1, channels, out)
            shapes[p + "b/group_norm/gamma"] = (mid,)
            shapes[p + "b/group_norm/beta"] = (mid,)
            shapes[p + "b/standardized_conv2d/kernel"] = (3, 3, mid, mid)
            shapes[p + "c/group_norm/gamma"] = (mid,)
            shapes[p + "c/group_norm/beta"] = (mid,)
            shapes[p + "c/standardized_conv2d/kernel"] = (1, 1, mid, out)
            channels = out
    shapes["resnet/group_norm/gamma"] = (channels,)
    shapes["resnet/group_norm/beta"] = (channels,)
    shapes["resnet/head/conv2d/kernel"] = (1, 1, channels, classes)
    shapes["resnet/head/conv2d/bias"] = (classes,)
    return shapes


def values(key, shape):
    count = int(np.prod(shape))
    return ((np.arange(count) % 97) * 0.01 + len(key) % 13).astype(np.float32).reshape(shape)


def random_weights(shapes, seed):
    rng = np.random.default_rng(seed)
    arrays = {}
    for key, shape in shapes.items():
        if key.endswith("gamma"):
            arrays[key] = 1 + 0.2 * rng.standard_normal(shape)
        elif key.endswith("beta"):
            arrays[key] = 0.2 * rng.standard_normal(shape)
        else:
            arrays[key] = 0.5 * rng.standard_normal(shape)
    return {key: array.astype(np.float32) for key, array in arrays.items()}


def main(argv):
    mode, path, units, width, classes = argv[1], argv[2], argv[3], float(argv[4]), int(argv[5])
    shapes = official_shapes([int(u) for u in units.split(",")], width, classes)
    if mode == "check":
        with np.load(path) as stored:
            assert sorted(stored.files) == sorted(shapes), "keys differ"
            for key, shape in shapes.items():
                array = stored[key]
                assert array.dtype == np.float32 and array.shape == shape, key
                assert np.array_equal(array, values(key, shape)), key
        return
    options = argv[6:]
    arrays = {key: values(key, shape) for key, shape in shapes.items()}
    if "--random" in options:
        arrays = random_weights(shapes, int(options[options.index("--random") + 1]))
    if "--drop" in options:
        del arrays[options[options.index("--drop") + 1]]
    if "--extra" in options:
        key = options[options.index("--extra") + 1]
        arrays[key] = values(key, (2,))
    if "--reshape" in options:
        key = options[options.index("--reshape") + 1]
        arrays[key] = arrays[key].reshape(-1)
    if "--numbered" in options:
        numbered = {}
        for n, (key, array) in enumerate(arrays.items()):
            numbered[key.replace("standardized_conv2d/", f"standardized_conv2d_{n}/")] = array
        arrays = numbered
    np.savez(path, **arrays)


if __name__ == "__main__":
    main(sys.argv)
