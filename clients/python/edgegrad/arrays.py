"""numpy when it is installed, nested lists of floats when it is not."""
try:
    import numpy as np
except ImportError:  # the package works without numpy; arrays stay lists
    np = None


def floats(value):
    """A float64 array of a number or nested list (np.array(v, dtype=float)); lists without numpy."""
    if np is not None:
        return np.array(value, dtype=float)
    if isinstance(value, (list, tuple)):
        return [floats(v) for v in value]
    return float(value)


def array(value):
    """np.array(value) as numpy would type it (integers stay integers); the list without numpy."""
    return np.array(value) if np is not None else value


def plain(value):
    """JSON-ready: numbers and nested lists (numpy's tolist()); NaN/inf stay floats (json writes NaN/Infinity)."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    return float(value)


def shape(value):
    """The shape of a number or (regular) nested list, as numpy would report it."""
    if hasattr(value, "shape"):
        return list(value.shape)
    out = []
    while isinstance(value, (list, tuple)):
        out.append(len(value))
        if not value:
            break
        value = value[0]
    return out
