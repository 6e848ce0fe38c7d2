#!/usr/bin/env python3
"""Writes the image set that `bit bench pipeline` is measured on: COUNT JPEGs of 500x375 pixels at
quality 90, each a crop of a real photo, in one class folder per photo (DIR/<photo>/<n>.jpg).

The photos are Debian's: the nature wallpapers of `mate-backgrounds` and the Grace Hopper portrait
of `python-matplotlib-data` (apt-get install mate-backgrounds python-matplotlib-data). Each image
takes the photos in turn, scales its photo so that the crop's height covers between a quarter of
the photo's shorter side and all of it (log-uniform), and cuts a 500x375 window at a random
position. The same seed writes the same files.

Usage: make_jpeg_set.py DIR [--count 2000] [--seed 0] [PHOTO ...]
Needs Pillow (Debian's python3-pil, which python3-torchvision brings along).
"""
import argparse
import glob
import math
import os
import random
import sys

from PIL import Image

WIDTH, HEIGHT, QUALITY = 500, 375, 90
DEFAULT_PHOTOS = sorted(glob.glob("/usr/share/backgrounds/mate/nature/*.jpg")) + [
    "/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg"]


def crop(photo, rng):
    """A WIDTH x HEIGHT window of `photo`, scaled so the window's height covers 1/4 to all of the
    photo's shorter side (never upscaled past the size that just fits the window)."""
    fit = max(WIDTH / photo.width, HEIGHT / photo.height)
    shortest = max(fit, HEIGHT / min(photo.width, photo.height))
    largest = max(shortest, min(1.0, 4 * HEIGHT / min(photo.width, photo.height)))
    scale = math.exp(rng.uniform(math.log(shortest), math.log(largest)))
    size = (max(WIDTH, round(photo.width * scale)), max(HEIGHT, round(photo.height * scale)))
    scaled = photo.resize(size, Image.BICUBIC, reducing_gap=3.0)
    left = rng.randrange(scaled.width - WIDTH + 1)
    top = rng.randrange(scaled.height - HEIGHT + 1)
    return scaled.crop((left, top, left + WIDTH, top + HEIGHT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir")
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("photos", nargs="*", default=DEFAULT_PHOTOS)
    args = parser.parse_args()
    photos = [p for p in args.photos if os.path.isfile(p)]
    if not photos:
        sys.exit("no photos found: apt-get install mate-backgrounds python-matplotlib-data, or name some")
    rng = random.Random(args.seed)
    opened = [(os.path.splitext(os.path.basename(p))[0].lower(), Image.open(p).convert("RGB")) for p in photos]
    for name, _ in opened:
        os.makedirs(os.path.join(args.dir, name), exist_ok=True)
    total = 0
    for n in range(args.count):
        name, photo = opened[n % len(opened)]
        path = os.path.join(args.dir, name, "%05d.jpg" % n)
        crop(photo, rng).save(path, "JPEG", quality=QUALITY)
        total += os.path.getsize(path)
    print("wrote %d JPEGs of %dx%d (q%d, %.1f KB on average) from %d photos into %s"
          % (args.count, WIDTH, HEIGHT, QUALITY, total / args.count / 1024, len(opened), args.dir))


if __name__ == "__main__":
    main()
