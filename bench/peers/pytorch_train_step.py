#!/usr/bin/env python3
"""The PyTorch peer of `bit bench train --peer`: BiT's ResNet-v2 (GN + WS) written from DESIGN.md's
"BiT facts", loading the official-format .npz weights the engine wrote, so both sides compute the
same function. It first checks its logits on the engine's input against the engine's logits, and
computes the same logits in float64 as the reference both float32 sides are measured against, then
times the full training step (forward, backward, SGD with momentum 0.9 and weight decay 1e-4 on
kernels only) on random data with one-hot targets, after warm-up steps. The last line on stdout
is one JSON object: img_s, step_s, max_abs_logit_diff (engine vs PyTorch float32),
engine_logit_error_f64 and peer_logit_error_f64 (each side against the float64 logits), threads,
torch version.

Usage: pytorch_train_step.py --weights W.npz --groups G --input X.npy --expect LOGITS.npy
       --resolution R --batch B --steps N --warmup W --threads T
Needs Debian's python3-torch (CPU).
"""
import argparse
import json
import re
import time

import numpy as np
import torch
import torch.nn.functional as F

WS_EPS = 1e-10
GN_EPS = 1e-5


def standardized(kernel):
    """Weight standardization per output filter over (in, h, w); biased variance."""
    mean = kernel.mean(dim=(1, 2, 3), keepdim=True)
    var = ((kernel - mean) ** 2).mean(dim=(1, 2, 3), keepdim=True)
    return (kernel - mean) / torch.sqrt(var + WS_EPS)


class ResNetV2(torch.nn.Module):
    def __init__(self, arrays, groups):
        super().__init__()
        self.groups = groups
        self.names = []
        for name, value in arrays.items():
            tensor = torch.from_numpy(np.ascontiguousarray(value, dtype=np.float32))
            if name.endswith("/kernel") and tensor.dim() == 4 and "head" not in name:
                tensor = tensor.permute(3, 2, 0, 1).contiguous()  # HWIO -> OIHW
            self.register_parameter(self.key(name), torch.nn.Parameter(tensor))
            self.names.append(name)
        self.units = [len({m.group(1) for n in self.names for m in [re.match(rf"resnet/block{b}/unit(\d+)/", n)] if m})
                      for b in range(1, 5)]

    @staticmethod
    def key(name):
        return name.replace("/", "__")

    def p(self, name):
        return getattr(self, self.key(name))

    def conv(self, x, name, stride, padding):
        return F.conv2d(x, standardized(self.p(name)), stride=stride, padding=padding)

    def gn(self, x, prefix):
        return F.group_norm(x, self.groups, self.p(prefix + "group_norm/gamma"), self.p(prefix + "group_norm/beta"),
                            eps=GN_EPS)

    def features(self, x):
        x = self.conv(x, "resnet/root_block/standardized_conv2d/kernel", 2, 3)
        x = F.max_pool2d(F.pad(x, (1, 1, 1, 1)), kernel_size=3, stride=2)  # zero padding, not -inf
        for b in range(1, 5):
            for u in range(1, self.units[b - 1] + 1):
                prefix = f"resnet/block{b}/unit{u:02d}/"
                stride = 2 if (u == 1 and b > 1) else 1
                pre = F.relu(self.gn(x, prefix + "a/"))
                shortcut = self.conv(pre, prefix + "a/proj/standardized_conv2d/kernel", stride, 0) if u == 1 else x
                y = self.conv(pre, prefix + "a/standardized_conv2d/kernel", 1, 0)
                y = self.conv(F.relu(self.gn(y, prefix + "b/")), prefix + "b/standardized_conv2d/kernel", stride, 1)
                y = self.conv(F.relu(self.gn(y, prefix + "c/")), prefix + "c/standardized_conv2d/kernel", 1, 0)
                x = y + shortcut
        return F.relu(self.gn(x, "resnet/")).mean(dim=(2, 3))

    def forward(self, x):
        kernel = self.p("resnet/head/conv2d/kernel")
        return self.features(x) @ kernel.reshape(kernel.shape[2], kernel.shape[3]) + self.p("resnet/head/conv2d/bias")


def main():
    parser = argparse.ArgumentParser()
    for name in ["--weights", "--input", "--expect"]:
        parser.add_argument(name, required=True)
    for name in ["--groups", "--resolution", "--batch", "--steps", "--warmup", "--threads"]:
        parser.add_argument(name, type=int, required=True)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(7)
    with np.load(args.weights) as npz:
        model = ResNetV2({name: npz[name] for name in npz.files}, args.groups)
    images = torch.from_numpy(np.load(args.input))
    expected = np.load(args.expect)
    with torch.no_grad():
        logits = model(images).numpy()
        # float32 -> float64 -> float32 is exact, so the timed model keeps its weights bit for bit.
        exact = model.double()(images.double()).numpy()
        model.float()
    diff = float(np.abs(logits - expected).max())
    engine_error = float(np.abs(expected - exact).max())
    peer_error = float(np.abs(logits - exact).max())

    classes = model.p("resnet/head/conv2d/bias").shape[0]
    x = torch.rand(args.batch, 3, args.resolution, args.resolution) * 4 - 2
    targets = F.one_hot(torch.randint(classes, (args.batch,)), classes).float()
    kernels = [p for n, p in zip(model.names, model.parameters()) if n.endswith("/kernel")]
    others = [p for n, p in zip(model.names, model.parameters()) if not n.endswith("/kernel")]
    optimizer = torch.optim.SGD([{"params": kernels, "weight_decay": 1e-4}, {"params": others, "weight_decay": 0}],
                                lr=0.01, momentum=0.9)
    seconds = []
    for step in range(args.warmup + args.steps):
        start = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        loss = -(targets * F.log_softmax(model(x), dim=1)).sum(dim=1).mean()
        loss.backward()
        optimizer.step()
        if step >= args.warmup:
            seconds.append(time.perf_counter() - start)
    step_s = sum(seconds) / len(seconds)
    print(json.dumps({"img_s": args.batch / step_s, "step_s": step_s, "max_abs_logit_diff": diff,
                      "engine_logit_error_f64": engine_error, "peer_logit_error_f64": peer_error,
                      "threads": args.threads, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
