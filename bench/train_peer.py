#!/usr/bin/env python3
"""PyTorch training the notebook's two small networks as `actviz train` does (issue 17's
benchmark), on 2 threads, timed inside this process with imports excluded:
  square: 2001 points x in [-10, 10], y = x^2 + 10 eps, Dense(6, relu) -> Dense(1), Adam
          lr 0.005 (eps 1e-7 as Keras), MSE, batch 32 shuffled, 100 epochs;
  xor:    the 4 points, Dense(2, sigmoid) -> Dense(1), Adam lr 0.01, MSE, 1000 epochs.
Each epoch also evaluates the mean loss over the data, as actviz reports it.
Prints {"square_seconds", "xor_seconds"} (median of 3)."""
import json
import statistics
import time

import torch

torch.set_num_threads(2)


def run(x, y, hidden, act, lr, epochs, batch):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(x.shape[1], hidden), act,
                                torch.nn.Linear(hidden, 1))
    for m in model:
        if isinstance(m, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(m.weight)
            torch.nn.init.zeros_(m.bias)
    opt = torch.optim.Adam(model.parameters(), lr=lr, eps=1e-7)
    loss_fn = torch.nn.MSELoss()
    n = x.shape[0]
    for _ in range(epochs):
        perm = torch.randperm(n)
        for i in range(0, n, batch):
            idx = perm[i:i + batch]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
        with torch.no_grad():
            loss_fn(model(x), y).item()


def timed(fn):
    t = []
    for _ in range(3):
        a = time.perf_counter()
        fn()
        t.append(time.perf_counter() - a)
    return statistics.median(t)


xs = torch.linspace(-10, 10, 2001).reshape(-1, 1)
ys = xs ** 2 + 10 * torch.randn(2001, 1)
xx = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=torch.float32)
xy = torch.tensor([[0], [1], [1], [0]], dtype=torch.float32)
print(json.dumps({
    "square_seconds": timed(lambda: run(xs, ys, 6, torch.nn.ReLU(), 0.005, 100, 32)),
    "xor_seconds": timed(lambda: run(xx, xy, 2, torch.nn.Sigmoid(), 0.01, 1000, 32)),
}))
