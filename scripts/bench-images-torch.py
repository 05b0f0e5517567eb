"""The way seed users evaluate today, for scripts/bench-images.mjs: torchvision ImageFolder +
DataLoader + the same CNN in PyTorch + scikit-learn metrics, on the same images and preprocessing.
Prints one JSON line: images, seconds (data loading + inference + metrics), images/s, peak RSS.

    /usr/bin/python3 scripts/bench-images-torch.py <image-folder> [batch-size] [num-workers]
"""
import json
import os
import resource
import sys
import time

import torch
import torchvision
from sklearn.metrics import accuracy_score, log_loss, precision_recall_fscore_support
from torchvision import transforms

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "images"))
from make_fixtures import Net  # noqa: E402

folder = sys.argv[1]
batch = int(sys.argv[2]) if len(sys.argv) > 2 else 64
workers = int(sys.argv[3]) if len(sys.argv) > 3 else 0
torch.set_num_threads(int(os.environ.get("BENCH_TORCH_THREADS", "2")))
net = Net()
net.load_state_dict(torch.load(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "images", "shapes-cnn.pt")))
net.eval()
tf = transforms.Compose([
    transforms.Resize(28), transforms.CenterCrop(24), transforms.ToTensor(),
    transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
])
start = time.perf_counter()
ds = torchvision.datasets.ImageFolder(folder, transform=tf)
loader = torch.utils.data.DataLoader(ds, batch_size=batch, shuffle=False, num_workers=workers)
probs, ys = [], []
with torch.no_grad():
    for x, y in loader:
        probs.append(torch.softmax(net(x).double(), 1))
        ys.append(y)
p, y = torch.cat(probs).numpy(), torch.cat(ys).numpy()
pred = p.argmax(1)
labels = list(range(p.shape[1]))
acc = accuracy_score(y, pred)
precision_recall_fscore_support(y, pred, labels=labels, average="macro", zero_division=0)
log_loss(y, p, labels=labels)
seconds = time.perf_counter() - start
print(json.dumps({"images": len(y), "seconds": seconds, "images_per_second": len(y) / seconds,
                  "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "accuracy": acc}))
