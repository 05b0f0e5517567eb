"""The way seed users evaluate today, for `npm run bench`: torchvision ImageFolder + DataLoader,
the model in PyTorch, metrics with scikit-learn. Same images, same weights (read from the ONNX file),
same preprocessing. Prints one JSON line: images/s of the whole evaluation and its accuracy.

usage: python3 scripts/bench_torch_images.py <image folder> <model.onnx | model.pt> <batch size> <workers> [<resize> <crop>]
(a .pt is a TorchScript module; an .onnx is the shapes fixture's architecture, its weights read from the file)
"""
import json
import sys
import time

t_start = time.perf_counter()
import numpy as np  # noqa: E402
import onnx  # noqa: E402
import torch  # noqa: E402
from onnx import numpy_helper  # noqa: E402
from sklearn.metrics import accuracy_score, confusion_matrix, log_loss, precision_recall_fscore_support  # noqa: E402
from torchvision import datasets, transforms  # noqa: E402

folder, model_path, batch, workers = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
resize, crop = (int(sys.argv[5]), int(sys.argv[6])) if len(sys.argv) > 6 else (32, 28)
torch.set_num_threads(2)
if model_path.endswith(".pt"):
    net = torch.jit.load(model_path)
else:
    net = torch.nn.Sequential(
        torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(8, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(8 * 7 * 7, 3),
    )
    weights = {i.name: torch.tensor(numpy_helper.to_array(i)) for i in onnx.load(model_path).graph.initializer}
    net.load_state_dict(weights)
net.eval()
tf = transforms.Compose([transforms.Resize(resize), transforms.CenterCrop(crop), transforms.ToTensor(),
                         transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
t0 = time.perf_counter()
loader = torch.utils.data.DataLoader(datasets.ImageFolder(folder, transform=tf), batch_size=batch, num_workers=workers)
ys, probs = [], []
with torch.no_grad():
    for x, y in loader:
        probs.append(torch.softmax(net(x).double(), dim=1).numpy())
        ys.append(y.numpy())
y = np.concatenate(ys)
p = np.concatenate(probs)
pred = p.argmax(1)
labels = list(range(p.shape[1]))
acc = accuracy_score(y, pred)
precision_recall_fscore_support(y, pred, labels=labels, zero_division=0)
loss = log_loss(y, p, labels=labels)
confusion_matrix(y, pred, labels=labels)
t1 = time.perf_counter()
print(json.dumps({"n": int(len(y)), "images_per_second": len(y) / (t1 - t0), "with_startup": len(y) / (t1 - t_start), "accuracy": acc, "loss": loss}))
