"""The compute routes as the book's functions, computed by the server (float64, numpy's rules).

    edgegrad.mse(y, t)                          POST /v1/loss/mse            -> float
    edgegrad.cross_entropy(y, t)                POST /v1/loss/cross-entropy  -> float
    edgegrad.softmax(x)                         POST /v1/softmax             -> array
    edgegrad.numerical_diff("0.01*x**2 + 0.1*x", 5)                          -> float
    edgegrad.gradient("x[0]**2 + x[1]**2", [3.0, 4.0])                       -> array
    edgegrad.descent("x[0]**2 + x[1]**2", [-3.0, 4.0], lr=0.1, step_num=100) -> array (x)
    edgegrad.simplenet(W, x, t)                 -> {"p", "argmax", "loss", "dW"}

f is an expression in x with Python/numpy syntax (a Python function cannot travel to the
server). Arrays come back as numpy arrays when numpy is installed, lists otherwise. Each takes
url= and lang= (else the client set by edgegrad.configure(), else EDGEGRAD_URL).
"""
from .arrays import floats, plain
from .client import Client

_default = {"client": None}


def configure(url=None, token=None, lang=None, timeout=120):
    """Set the server (and language) the module-level functions use; returns the Client."""
    _default["client"] = Client(url=url, token=token, lang=lang, timeout=timeout)
    return _default["client"]


def _client(url=None, lang=None):
    if url is not None or lang is not None:
        return Client(url=url, lang=lang)
    if _default["client"] is None:
        _default["client"] = Client()
    return _default["client"]


def _expression(f):
    if callable(f) and not isinstance(f, str):
        source = getattr(f, "source", None)  # an edgegrad Expression (a variant's f) carries its text
        if source is None:
            raise TypeError("f must be an expression string such as \"0.01*x**2 + 0.1*x\": a Python function cannot be sent to the server")
        return source
    return f


def _post(path, body, url=None, lang=None):
    return _client(url, lang).json("POST", path, {k: v for k, v in body.items() if v is not None})


def mse(y, t, url=None, lang=None):
    """mean_squared_error(y, t) = 0.5 * np.sum((y - t)**2)."""
    return _post("/v1/loss/mse", {"y": plain(y), "t": plain(t)}, url, lang)["loss"]


def cross_entropy(y, t, delta=None, url=None, lang=None):
    """cross_entropy_error(y, t): one example or a batch; t one-hot or labels; averaged over the batch."""
    return _post("/v1/loss/cross-entropy", {"y": plain(y), "t": plain(t), "delta": delta}, url, lang)["loss"]


def softmax(x, url=None, lang=None):
    """softmax(x), row by row, with the max subtracted first."""
    return floats(_post("/v1/softmax", {"x": plain(x)}, url, lang)["y"])


def numerical_diff(f, x, h=None, method=None, url=None, lang=None):
    """The central difference (f(x+h) - f(x-h)) / (2*h), h = 1e-4 (method="forward" for (f(x+h) - f(x)) / h)."""
    return _post("/v1/diff", {"f": _expression(f), "x": plain(x), "h": h, "method": method}, url, lang)["value"]


def gradient(f, x, h=None, url=None, lang=None):
    """numerical_gradient(f, x): the central difference in each coordinate of x."""
    return floats(_post("/v1/gradient", {"f": _expression(f), "x": plain(x), "h": h}, url, lang)["grad"])


def descent(f, init_x, lr=0.01, step_num=100, history=False, url=None, lang=None):
    """gradient_descent(f, init_x, lr, step_num): the final x; with history=True, (x, x_history)."""
    body = {"f": _expression(f), "init_x": plain(init_x), "lr": lr, "step_num": step_num, "history": bool(history) or None}
    out = _post("/v1/descent", body, url, lang)
    return (floats(out["x"]), floats(out["history"])) if history else floats(out["x"])


def simplenet(W, x, t, url=None, lang=None):
    """The book's simpleNet with weights W: {"p": predict(x), "argmax", "loss": loss(x, t), "dW"}."""
    out = _post("/v1/simplenet", {"W": plain(W), "x": plain(x), "t": plain(t)}, url, lang)
    return {"p": floats(out["p"]), "argmax": out["argmax"], "loss": out["loss"], "dW": floats(out["dW"])}
