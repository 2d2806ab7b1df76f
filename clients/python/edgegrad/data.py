"""The server's MNIST digits with the book's load_mnist signature (dataset/mnist.py):

    (x_train, t_train), (x_test, t_test) = edgegrad.load_mnist(normalize=True, one_hot_label=True)

Downloaded once per call as bytes (GET /v1/mnist/samples?format=u8: n x 784 pixels, then n
labels). These are the digits the server stores for learning; a model problem may be graded on
others the server keeps to itself.
"""
import re

from .arrays import np
from .compute import _client
from .errors import ProblemError


def _count(client, split):
    """The split's size: the server names it when asked for more digits than it holds."""
    try:
        client.request("GET", "/v1/mnist/samples", query={"split": split, "n": 10**9, "format": "u8"}, accept="application/octet-stream")
    except ProblemError as err:
        numbers = [int(n) for n in re.findall(r"\d+", err.pointers.get("n", "")) if int(n) < 10**9]
        if err.status == 422 and numbers:
            return max(numbers)
        raise
    raise ProblemError(500, {"detail": "the server served 10**9 digits of the %s split" % split})


def split(name, url=None):
    """(images uint8 n x 784, labels uint8 n) of one split: "train" or "test"."""
    if np is None:
        raise ImportError("load_mnist needs numpy (pip install numpy)")
    client = _client(url)
    n = _count(client, name)
    query = {"split": name, "n": n, "offset": 0, "format": "u8"}
    raw = client.request("GET", "/v1/mnist/samples", query=query, accept="application/octet-stream")[2]
    data = np.frombuffer(raw, dtype=np.uint8)
    return data[: n * 784].reshape(n, 784), data[n * 784 :].copy()


def _prepare(images, labels, normalize, flatten, one_hot_label):
    x = images.astype(np.float32) / 255.0 if normalize else images.copy()
    if not flatten:
        x = x.reshape(-1, 1, 28, 28)
    t = np.eye(10, dtype=labels.dtype)[labels] if one_hot_label else labels
    return x, t


def load_mnist(normalize=True, flatten=True, one_hot_label=False, url=None):
    """((x_train, t_train), (x_test, t_test)) as the book's load_mnist returns them."""
    train = _prepare(*split("train", url), normalize, flatten, one_hot_label)
    test = _prepare(*split("test", url), normalize, flatten, one_hot_label)
    return train, test
