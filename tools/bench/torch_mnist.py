#!/usr/bin/env python3
"""PyTorch peer of mnist-lab's training bench: the same network, optimizer and data, timed on one epoch.

The bench writes its training split as raw float32 pixels (count*784, in [0, 1]) and uint8 labels, and runs
this script with the system python3. Prints one JSON object on stdout.
"""
import argparse
import json
import time

import numpy as np
import torch
from torch import nn


def make_model(hidden, dropout):
    """Dense -> ReLU -> BatchNorm -> Dropout per hidden block, then Dense logits, with Keras's initializers and
    BatchNorm settings (PyTorch's momentum is 1 - Keras's)."""
    layers = []
    fan_in = 784
    for units in hidden:
        dense = nn.Linear(fan_in, units)
        layers += [dense, nn.ReLU(), nn.BatchNorm1d(units, eps=1e-3, momentum=0.01), nn.Dropout(dropout)]
        fan_in = units
    layers.append(nn.Linear(fan_in, 10))
    model = nn.Sequential(*layers)
    for m in model:
        if isinstance(m, nn.Linear):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return model


def run_epoch(model, optimizer, loss_fn, x, y, batch, limit=None):
    """One pass in shuffled batches, tracking loss and hits as the mnist-lab engine does."""
    n = x.shape[0] if limit is None else limit
    perm = torch.randperm(x.shape[0])[:n]
    loss_sum = torch.zeros(())
    correct = torch.zeros((), dtype=torch.long)
    model.train()
    for start in range(0, n, batch):
        idx = perm[start:start + batch]
        xb, yb = x[idx], y[idx]
        logits = model(xb)
        loss = loss_fn(logits, yb)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        loss_sum += loss.detach() * idx.numel()
        correct += (logits.detach().argmax(1) == yb).sum()
    return n, float(loss_sum) / n, int(correct) / n


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--images', required=True, help='raw float32 file, count*784 values')
    p.add_argument('--labels', required=True, help='raw uint8 file, count values')
    p.add_argument('--batch-sizes', default='32,128')
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--warmup-samples', type=int, default=2048)
    p.add_argument('--hidden', default='64,32')
    p.add_argument('--dropout', type=float, default=0.2)
    p.add_argument('--seed', type=int, default=42)
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    x = torch.from_numpy(np.fromfile(args.images, dtype=np.float32).reshape(-1, 784))
    y = torch.from_numpy(np.fromfile(args.labels, dtype=np.uint8).astype(np.int64))
    assert x.shape[0] == y.shape[0], 'images and labels disagree on the sample count'
    hidden = [int(h) for h in args.hidden.split(',')]

    results = []
    for batch in [int(b) for b in args.batch_sizes.split(',')]:
        loss_fn = nn.CrossEntropyLoss()
        # Warm up on a throwaway model, so the timed epoch starts from fresh weights as mnist-lab's does.
        warm = make_model(hidden, args.dropout)
        run_epoch(warm, torch.optim.Adam(warm.parameters(), lr=1e-3, eps=1e-7), loss_fn, x, y, batch, limit=args.warmup_samples)
        model = make_model(hidden, args.dropout)
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
        started = time.perf_counter()
        n, loss, accuracy = run_epoch(model, optimizer, loss_fn, x, y, batch)
        seconds = time.perf_counter() - started
        results.append({'batch': batch, 'samples': n, 'seconds': seconds, 'samples_per_s': n / seconds,
                        'loss': loss, 'accuracy': accuracy})
    print(json.dumps({'torch': torch.__version__, 'threads': torch.get_num_threads(), 'results': results}))


if __name__ == '__main__':
    main()
