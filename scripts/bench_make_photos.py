"""For `npm run bench`: photo-sized JPEGs (400×300, 3 classes) and a small CNN taking ImageNet-style
224×224 input, as ONNX for model-gate and TorchScript for the PyTorch comparison. Random weights:
throughput does not depend on them, and both sides run the same ones.

usage: python3 scripts/bench_make_photos.py <out dir> <images per class> [small|resnet18]
"""
import os
import random
import sys

import torch
from PIL import Image, ImageDraw

out, per_class = sys.argv[1], int(sys.argv[2])
rng = random.Random(0)
for c in ["a", "b", "c"]:
    os.makedirs(os.path.join(out, "photos", c), exist_ok=True)
    for i in range(per_class):
        img = Image.new("RGB", (400, 300), tuple(rng.randint(100, 255) for _ in range(3)))
        d = ImageDraw.Draw(img)
        for _ in range(12):
            x, y = rng.randint(0, 380), rng.randint(0, 280)
            d.ellipse([x, y, x + rng.randint(10, 120), y + rng.randint(10, 90)], fill=tuple(rng.randint(0, 255) for _ in range(3)))
        img.save(os.path.join(out, "photos", c, f"{i:05d}.jpg"), quality=85)
torch.manual_seed(0)
if len(sys.argv) > 3 and sys.argv[3] == "resnet18":
    import torchvision

    net = torchvision.models.resnet18(weights=None, num_classes=3).eval()
else:
    net = torch.nn.Sequential(
        torch.nn.Conv2d(3, 16, 7, stride=4, padding=3), torch.nn.ReLU(),
        torch.nn.Conv2d(16, 32, 3, stride=2, padding=1), torch.nn.ReLU(),
        torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(32, 3),
    ).eval()
x = torch.randn(2, 3, 224, 224)
torch.onnx.export(net, x, os.path.join(out, "photos.onnx"), input_names=["x"], output_names=["logits"], dynamic_axes={"x": {0: "N"}, "logits": {0: "N"}}, opset_version=13)
torch.jit.trace(net, x).save(os.path.join(out, "photos.pt"))
