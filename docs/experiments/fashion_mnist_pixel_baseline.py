#!/usr/bin/env python3
"""Few-shot accuracy of raw pixels on Fashion-MNIST classes 5-9, the transfer miniature's
downstream task: nearest class mean and closed-form ridge regression on the 784 pixels (scaled to
[0, 1]), 100 random episodes per shot count, each scored on the 5,000 test images of classes 5-9.

Needs Debian's python3-numpy and dataset-fashion-mnist.
Usage: python3 docs/experiments/fashion_mnist_pixel_baseline.py
"""
import gzip

import numpy as np

DATA = "/usr/share/datasets/fashion-mnist"
CLASSES = range(5, 10)
EPISODES = 100
RIDGE = 1e-2


def load(split):
    with gzip.open(f"{DATA}/{split}-images-idx3-ubyte.gz") as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784) / 255.0
    with gzip.open(f"{DATA}/{split}-labels-idx1-ubyte.gz") as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)
    return images, labels


def nearest_class_mean(shots, labels, test):
    means = np.stack([shots[labels == c].mean(0) for c in range(len(CLASSES))])
    distances = ((test[:, None, :] - means[None]) ** 2).sum(-1)
    return distances.argmin(1)


def ridge(shots, labels, test):
    """Ridge regression to centred one-hot targets, solved in its dual form (few rows, 784 columns)."""
    centre = shots.mean(0)
    rows = shots - centre
    targets = np.eye(len(CLASSES))[labels] - 1.0 / len(CLASSES)
    weights = rows.T @ np.linalg.solve(rows @ rows.T + RIDGE * np.eye(len(rows)), targets)
    return ((test - centre) @ weights).argmax(1)


def main():
    train_images, train_labels = load("train")
    test_images, test_labels = load("t10k")
    keep = test_labels >= CLASSES[0]
    test_images, test_labels = test_images[keep], test_labels[keep] - CLASSES[0]
    random = np.random.default_rng(0)
    for per_class in (1, 5, 10):
        scores = {"nearest class mean": [], "ridge": []}
        for _ in range(EPISODES):
            chosen = np.concatenate([random.choice(np.flatnonzero(train_labels == c), per_class, replace=False)
                                     for c in CLASSES])
            shots, labels = train_images[chosen], train_labels[chosen] - CLASSES[0]
            scores["nearest class mean"].append(np.mean(nearest_class_mean(shots, labels, test_images) == test_labels))
            scores["ridge"].append(np.mean(ridge(shots, labels, test_images) == test_labels))
        summary = ", ".join(f"{name} {100 * np.mean(s):.1f}% +- {100 * np.std(s, ddof=1):.1f}"
                            for name, s in scores.items())
        print(f"{per_class} per class: {summary} ({EPISODES} episodes)")


if __name__ == "__main__":
    main()
