"""PyTorch peer of the tfjs bench: the same LeNet-5 (28x28x1, 'same' first conv, tanh, avg-pool),
batch 128, Adam, on synthetic data. Prints one JSON object. Used only for benchmarks."""
import json
import sys
import time

import torch
from torch import nn

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 50
batch = 128
torch.set_num_threads(threads)
torch.manual_seed(0)

model = nn.Sequential(
    nn.Conv2d(1, 6, 5, padding=2), nn.Tanh(), nn.AvgPool2d(2),
    nn.Conv2d(6, 16, 5), nn.Tanh(), nn.AvgPool2d(2),
    nn.Flatten(), nn.Linear(400, 120), nn.Tanh(), nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10),
)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
x = torch.rand(steps, batch, 1, 28, 28)
y = torch.randint(0, 10, (steps, batch))


def step(i):
    opt.zero_grad()
    loss = loss_fn(model(x[i]), y[i])
    loss.backward()
    opt.step()
    return loss.item()


for i in range(5):
    step(i % steps)
c0 = time.process_time()
t0 = time.perf_counter()
for i in range(steps):
    step(i)
wall = time.perf_counter() - t0
cpu = time.process_time() - c0
print(json.dumps({"torch": torch.__version__, "threads": threads, "samples_per_s": steps * batch / wall, "samples_per_cpu_s": steps * batch / cpu}))
