"""For `npm run bench -- arrays`: a CNN of ~0.23 GFLOP a sample on 3×64×64 arrays (random seeded
weights and data: throughput does not depend on them), as ONNX, with features and labels as .npy.

usage: python3 scripts/bench_make_arrays.py <out dir> <samples>
"""
import os
import sys

import numpy as np
import torch

out, n = sys.argv[1], int(sys.argv[2])
torch.manual_seed(0)
net = torch.nn.Sequential(
    torch.nn.Conv2d(3, 32, 3, padding=1), torch.nn.ReLU(),  # 7 MFLOP
    torch.nn.Conv2d(32, 64, 3, padding=1), torch.nn.ReLU(),  # 151 MFLOP
    torch.nn.MaxPool2d(2),
    torch.nn.Conv2d(64, 64, 3, padding=1), torch.nn.ReLU(),  # 75 MFLOP
    torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(64, 10),
).eval()
torch.onnx.export(net, torch.randn(2, 3, 64, 64), os.path.join(out, "cnn64.onnx"), input_names=["x"], output_names=["logits"], dynamic_axes={"x": {0: "N"}, "logits": {0: "N"}}, opset_version=13)
rng = np.random.default_rng(0)
np.save(os.path.join(out, "cnn64-x.npy"), rng.standard_normal((n, 3, 64, 64), dtype=np.float32))
np.save(os.path.join(out, "cnn64-y.npy"), rng.integers(0, 10, n).astype(np.int64))
