#!/usr/bin/env python3
"""The torchvision peer of `bit bench pipeline --peer`: a PyTorch DataLoader with WORKERS worker
processes over the same image folder, with the same transforms, producing normalized float32
batches of BATCH x 3 x R x R:
  upstream:   RandomResizedCrop(R, scale=(0.08, 1), ratio=(3/4, 4/3)), RandomHorizontalFlip
  downstream: Resize(round(R * 256 / 224)) (shorter side), RandomCrop(R), RandomHorizontalFlip
then ToTensor and Normalize with the ImageNet mean and std. Images are read, decoded (PIL),
transformed and collated in the workers; the main process only takes the batches. After WARMUP
batches (worker start-up), it counts the images of the batches that arrive within SECONDS (or the
next BATCHES batches). The last line on stdout is one JSON object: img_s, images, seconds, batches,
cpu_s (CPU seconds of this process and its workers in that time) and img_per_cpu_s, workers, torch
and torchvision versions.

Usage: torchvision_pipeline.py --data DIR --transform upstream|downstream [--resolution 224]
       [--batch 64] [--workers 2] [--warmup 5] [--seconds 20 | --batches N]
Needs Debian's python3-torch and python3-torchvision.
"""
import argparse
import json
import os
import time

import torch
import torchvision
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]


def pipeline(kind, resolution):
    if kind == "upstream":
        shape = [transforms.RandomResizedCrop(resolution, scale=(0.08, 1.0), ratio=(3 / 4, 4 / 3))]
    else:
        shape = [transforms.Resize(round(resolution * 256 / 224)), transforms.RandomCrop(resolution)]
    return transforms.Compose(shape + [transforms.RandomHorizontalFlip(), transforms.ToTensor(),
                                       transforms.Normalize(IMAGENET_MEAN, IMAGENET_STD)])


def cpu_seconds():
    """User + system CPU seconds of this process and its running children (the loader's workers)."""
    me = os.getpid()
    ticks = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == me or int(fields[1]) == me:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def endless(loader):
    while True:
        yield from loader


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--transform", choices=["upstream", "downstream"], required=True)
    parser.add_argument("--resolution", type=int, default=224)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=5)
    limit = parser.add_mutually_exclusive_group()
    limit.add_argument("--seconds", type=float)
    limit.add_argument("--batches", type=int)
    args = parser.parse_args()
    seconds = args.seconds if args.seconds is not None or args.batches is not None else 20.0

    dataset = datasets.ImageFolder(args.data, pipeline(args.transform, args.resolution))
    loader = DataLoader(dataset, batch_size=args.batch, shuffle=True, num_workers=args.workers, drop_last=True,
                        persistent_workers=args.workers > 0)
    batches = endless(loader)
    for _ in range(args.warmup):
        next(batches)
    images = count = 0
    cpu_start = cpu_seconds()
    start = time.perf_counter()
    while (args.batches is None or count < args.batches) and (seconds is None or time.perf_counter() - start < seconds):
        pixels, _ = next(batches)
        assert pixels.dtype == torch.float32 and tuple(pixels.shape[1:]) == (3, args.resolution, args.resolution)
        images += pixels.shape[0]
        count += 1
    elapsed = time.perf_counter() - start
    cpu = cpu_seconds() - cpu_start
    print(json.dumps({"peer": "torchvision", "transform": args.transform, "img_s": images / elapsed,
                      "images": images, "seconds": elapsed, "batches": count, "batch": args.batch,
                      "cpu_s": cpu, "img_per_cpu_s": images / cpu if cpu > 0 else None,
                      "resolution": args.resolution, "workers": args.workers, "torch": torch.__version__,
                      "torchvision": torchvision.__version__}), flush=True)


if __name__ == "__main__":
    main()
