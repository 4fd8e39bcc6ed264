#!/usr/bin/env python3
"""PyTorch peer of mnist-lab's training bench: the same network, optimizer and data, timed on one epoch.

--arch mlp (the default) is the reference network; --arch cnn is Keras's "simple MNIST convnet", mnist-lab's default
CNN: Conv2D 32 3x3 relu, MaxPool 2, Conv2D 64 3x3 relu, MaxPool 2, Flatten, Dropout 0.5, Dense 10 (34,826 weights).

The bench writes its training split as raw float32 pixels (count*784, in [0, 1]) and uint8 labels, and runs
this script with the system python3. Prints one JSON object on stdout.

With --log-to URL, each timed epoch is also logged to that mnist-lab server as a run, through
examples/python/mnist_lab.py (the token as that client finds it: MNIST_LAB_TOKEN or ~/.mnist-lab/token).
Without it nothing is sent and nothing else changes.
"""
import argparse
import importlib.util
import json
import os
import sys
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


def make_cnn(dropout):
    """Keras's simple MNIST convnet, channels first as PyTorch wants them, with Keras's initializers (Glorot uniform
    kernels, zero biases). Flatten order differs from Keras's channels-last one; for timing that is immaterial."""
    model = nn.Sequential(
        nn.Unflatten(1, (1, 28, 28)),
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(dropout), nn.Linear(1600, 10),
    )
    for m in model:
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return model


def load_mnist_lab():
    """examples/python/mnist_lab.py, imported by path: it is an example to copy, not an installed package."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'examples', 'python', 'mnist_lab.py')
    spec = importlib.util.spec_from_file_location('mnist_lab', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_epoch(model, optimizer, loss_fn, x, y, batch, limit=None, on_batch=None):
    """One pass in shuffled batches, tracking loss and hits as the mnist-lab engine does. `on_batch(i, loss, hits, n)`,
    when given, sees every batch; without it the loop is the one the bench has always timed."""
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
        hits = (logits.detach().argmax(1) == yb).sum()
        correct += hits
        if on_batch is not None:
            on_batch(start // batch, loss.detach(), hits, idx.numel())
    return n, float(loss_sum) / n, int(correct) / n


def batch_logger(run, batches, every):
    """Logs batch/loss and batch/accuracy every `every` batches, at step = batches so far, epoch = the fraction done."""
    def on_batch(i, loss, hits, size):
        if (i + 1) % every == 0 or i + 1 == batches:
            run.log({'batch/loss': float(loss), 'batch/accuracy': int(hits) / size}, step=i + 1, epoch=(i + 1) / batches)
    return on_batch


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--images', required=True, help='raw float32 file, count*784 values')
    p.add_argument('--labels', required=True, help='raw uint8 file, count values')
    p.add_argument('--batch-sizes', default='32,128')
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--warmup-samples', type=int, default=2048)
    p.add_argument('--arch', choices=['mlp', 'cnn'], default='mlp')
    p.add_argument('--hidden', default='64,32')
    p.add_argument('--dropout', type=float, default=None, help='default 0.2 for mlp, 0.5 for cnn (as Keras\'s scripts)')
    p.add_argument('--limit', type=int, default=None, help='time the first N samples of the shuffled epoch only')
    p.add_argument('--seed', type=int, default=42)
    p.add_argument('--log-to', metavar='URL', help='also log each timed epoch to this mnist-lab server (e.g. http://localhost:3000)')
    p.add_argument('--log-every', type=int, default=50, help='with --log-to: log batch metrics every N batches')
    args = p.parse_args()
    mnist_lab = load_mnist_lab() if args.log_to else None

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    x = torch.from_numpy(np.fromfile(args.images, dtype=np.float32).reshape(-1, 784))
    y = torch.from_numpy(np.fromfile(args.labels, dtype=np.uint8).astype(np.int64))
    assert x.shape[0] == y.shape[0], 'images and labels disagree on the sample count'
    hidden = [int(h) for h in args.hidden.split(',')]
    dropout = args.dropout if args.dropout is not None else (0.5 if args.arch == 'cnn' else 0.2)
    build = (lambda: make_cnn(dropout)) if args.arch == 'cnn' else (lambda: make_model(hidden, dropout))

    results = []
    for batch in [int(b) for b in args.batch_sizes.split(',')]:
        loss_fn = nn.CrossEntropyLoss()
        # Warm up on a throwaway model, so the timed epoch starts from fresh weights as mnist-lab's does.
        warm = build()
        run_epoch(warm, torch.optim.Adam(warm.parameters(), lr=1e-3, eps=1e-7), loss_fn, x, y, batch, limit=args.warmup_samples)
        model = build()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
        run, on_batch = None, None
        if mnist_lab:
            shape = {'convFilters': [32, 64], 'kernelSize': 3, 'hiddenUnits': []} if args.arch == 'cnn' else {'hiddenUnits': hidden}
            config = {'arch': args.arch, **shape, 'dropout': dropout, 'batchNorm': args.arch == 'mlp', 'optimizer': 'adam', 'learningRate': 1e-3,
                      'batchSize': batch, 'epochs': 1, 'seed': args.seed, 'threads': args.threads, 'trainSamples': int(x.shape[0])}
            run = mnist_lab.init(name=f'torch-bench-b{batch}', config=config, server=args.log_to, tags=['bench'],
                                 backend=f'pytorch {torch.__version__}')
            on_batch = batch_logger(run, (x.shape[0] + batch - 1) // batch, args.log_every)
            print(f'torch_mnist.py: logging batch {batch} to {run.url}', file=sys.stderr)
        started = time.perf_counter()
        n, loss, accuracy = run_epoch(model, optimizer, loss_fn, x, y, batch, limit=args.limit, on_batch=on_batch)
        seconds = time.perf_counter() - started
        if run:
            steps = (n + batch - 1) // batch
            run.log({'loss': loss, 'accuracy': accuracy, 'epoch_time': seconds}, step=steps, epoch=1)
            run.finish()
        results.append({'batch': batch, 'samples': n, 'seconds': seconds, 'samples_per_s': n / seconds,
                        'loss': loss, 'accuracy': accuracy})
    print(json.dumps({'torch': torch.__version__, 'arch': args.arch, 'threads': torch.get_num_threads(), 'results': results}))


if __name__ == '__main__':
    main()
