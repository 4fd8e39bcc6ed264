#!/usr/bin/env python3
"""The Keras script mnist-lab grew from, as a PyTorch process: the whole-process peer of `mnist-lab train`.

Reads the MNIST IDX files (the folder mnist-lab trains from), holds out 10% of the training set for validation,
normalizes to [0, 1], trains the reference network (Dense 64 relu, BatchNorm, Dropout 0.2, Dense 32 relu, BatchNorm,
Dropout 0.2, Dense 10 logits; Keras's initializers and BatchNorm settings) with Adam 1e-3 at batch 32, validates each
epoch, reduces the learning rate on a plateau of val_loss (factor 0.5, patience 2, min 1e-5, Keras's min_delta 1e-4)
and, with --early-stopping, stops after 5 epochs without a better val_loss and restores the best weights, as
mnist-lab's defaults do. Then evaluates the 10,000 test digits. Prints one JSON object on stdout: epochs run, the best
epoch, test loss and accuracy, and the seconds spent training and in all (from the start of the interpreter's work
here, data loading included).
"""
import argparse
import copy
import json
import os
import time

STARTED = time.perf_counter()

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

from torch_mnist import make_model  # noqa: E402


def read_idx(path):
    with open(path, 'rb') as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(folder, images, labels):
    x = read_idx(os.path.join(folder, images)).reshape(-1, 784).astype(np.float32) / 255.0
    y = read_idx(os.path.join(folder, labels)).astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)


def evaluate(model, x, y, loss_fn):
    model.eval()
    with torch.no_grad():
        logits = model(x)
        return float(loss_fn(logits, y)), float((logits.argmax(1) == y).float().mean())


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', required=True, help='folder of the four MNIST IDX files (uncompressed)')
    p.add_argument('--epochs', type=int, default=50)
    p.add_argument('--early-stopping', action='store_true', help='patience 5 on val_loss, best weights restored')
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--batch', type=int, default=32)
    p.add_argument('--seed', type=int, default=42)
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    x, y = load(args.data, 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte')
    x_test, y_test = load(args.data, 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte')
    perm = torch.randperm(x.shape[0])
    held = x.shape[0] // 10
    x_val, y_val = x[perm[:held]], y[perm[:held]]
    x_train, y_train = x[perm[held:]], y[perm[held:]]

    model = make_model([64, 32], 0.2)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode='min', factor=0.5, patience=2, threshold=1e-4,
                                                         threshold_mode='abs', min_lr=1e-5)
    loss_fn = nn.CrossEntropyLoss()
    best_loss, best_epoch, best_state, waited, epochs = float('inf'), 0, None, 0, 0
    training_started = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = torch.randperm(x_train.shape[0])
        for start in range(0, x_train.shape[0], args.batch):
            idx = order[start:start + args.batch]
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        val_loss, _ = evaluate(model, x_val, y_val, loss_fn)
        epochs = epoch
        plateau.step(val_loss)
        if val_loss < best_loss:
            best_loss, best_epoch, waited = val_loss, epoch, 0
            if args.early_stopping:
                best_state = copy.deepcopy(model.state_dict())
        else:
            waited += 1
            if args.early_stopping and waited >= 5:
                break
    if best_state is not None:
        model.load_state_dict(best_state)
    training = time.perf_counter() - training_started
    test_loss, test_accuracy = evaluate(model, x_test, y_test, loss_fn)
    print(json.dumps({'torch': torch.__version__, 'threads': torch.get_num_threads(), 'epochs': epochs, 'best_epoch': best_epoch,
                      'test_loss': test_loss, 'test_accuracy': test_accuracy, 'training_seconds': training,
                      'seconds': time.perf_counter() - STARTED}))


if __name__ == '__main__':
    main()
