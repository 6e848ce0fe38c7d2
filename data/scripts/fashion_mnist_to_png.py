#!/usr/bin/env python3
"""Converts a class-balanced subset of Fashion-MNIST into PNG folders for `bit demo`.

Source: Debian's `dataset-fashion-mnist` (gzip IDX files). Fashion-MNIST is MIT-licensed
(Copyright (c) 2017 Zalando SE; https://github.com/zalandoresearch/fashion-mnist).
Output: OUT/train/<class>/<index>.png and OUT/test/<class>/<index>.png, 8-bit greyscale 28x28.
The subset is the first N images of each class in file order, so the conversion repeats exactly.
--classes keeps only the listed labels (e.g. 0,1,2,3,4 for an upstream/downstream split); the
full set is 6000 training and 1000 test images per class.

Usage: fashion_mnist_to_png.py OUT [--train-per-class N] [--test-per-class N] [--classes L,L,...]
"""
import argparse
import gzip
import pathlib
import struct
import zlib

SOURCE = pathlib.Path("/usr/share/datasets/fashion-mnist")
# Folder names sort into Fashion-MNIST's own label order, so class i keeps its official index.
CLASS_NAMES = ["0-t-shirt-top", "1-trouser", "2-pullover", "3-dress", "4-coat",
               "5-sandal", "6-shirt", "7-sneaker", "8-bag", "9-ankle-boot"]


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic == 2049:
        return list(data[8:8 + count])
    if magic != 2051:
        raise ValueError(f"{path}: not an IDX image or label file (magic {magic})")
    rows, cols = struct.unpack(">II", data[8:16])
    size = rows * cols
    return [(rows, cols, data[16 + i * size:16 + (i + 1) * size]) for i in range(count)]


def png_bytes(rows, cols, pixels):
    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + pixels[r * cols:(r + 1) * cols] for r in range(rows))
    header = struct.pack(">IIBBBBB", cols, rows, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def convert(split, prefix, per_class, classes, out):
    images = read_idx(SOURCE / f"{prefix}-images-idx3-ubyte.gz")
    labels = read_idx(SOURCE / f"{prefix}-labels-idx1-ubyte.gz")
    taken = [0] * len(CLASS_NAMES)
    for index, (label, (rows, cols, pixels)) in enumerate(zip(labels, images)):
        if label not in classes or taken[label] >= per_class:
            continue
        folder = out / split / CLASS_NAMES[label]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{index:05d}.png").write_bytes(png_bytes(rows, cols, pixels))
        taken[label] += 1
    print(f"{split}: {sum(taken)} images")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=pathlib.Path)
    parser.add_argument("--train-per-class", type=int, default=1000)
    parser.add_argument("--test-per-class", type=int, default=200)
    parser.add_argument("--classes", default=",".join(str(i) for i in range(len(CLASS_NAMES))))
    args = parser.parse_args()
    classes = {int(label) for label in args.classes.split(",")}
    convert("train", "train", args.train_per_class, classes, args.out)
    convert("test", "t10k", args.test_per_class, classes, args.out)


if __name__ == "__main__":
    main()
