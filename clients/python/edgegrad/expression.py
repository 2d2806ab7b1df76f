"""The variant's f (a Python/numpy expression in x, such as "0.01*x**2 + 0.1*x") as a function.

The text comes from the server, so it is checked before it runs: only numbers, x, x[...],
arithmetic and np.<function>(...) calls; anything else (attributes of x, other names,
lambdas, comprehensions) is refused. Then it is compiled once with no builtins.
"""
import ast

from .arrays import np

_ALLOWED = tuple(
    [ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Name, ast.Load, ast.Subscript, ast.Slice, ast.Tuple]
    + [ast.Call, ast.Attribute, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.USub, ast.UAdd, ast.FloorDiv, ast.Mod]
    + ([ast.Index] if hasattr(ast, "Index") else [])  # Python 3.8 wraps subscripts in Index
)


def _check(tree, source):
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            raise ValueError("unsupported syntax in f = %r: %s" % (source, type(node).__name__))
        if isinstance(node, ast.Name) and node.id not in ("x", "np", "numpy"):
            raise ValueError("f = %r may use only x and np, not %r" % (source, node.id))
        if isinstance(node, ast.Attribute) and not (isinstance(node.value, ast.Name) and node.value.id in ("np", "numpy")):
            raise ValueError("f = %r: only np.<function> attributes are allowed" % source)
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            raise ValueError("f = %r: %r is not a numpy function" % (source, node.attr))
        if isinstance(node, ast.Call) and (node.keywords or not isinstance(node.func, ast.Attribute)):
            raise ValueError("f = %r: only np.<function>(...) calls are allowed" % source)
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
            raise ValueError("f = %r: only numbers are allowed as constants" % source)


class Expression:
    """f(x) for the expression; repr shows the text, so the student sees which f they got."""

    def __init__(self, source):
        if np is None:
            raise ImportError("evaluating f(x) needs numpy (pip install numpy)")
        tree = ast.parse(source.strip(), mode="eval")
        _check(tree, source)
        self.source = source
        self._code = compile(tree, "<f>", "eval")

    def __call__(self, x):
        return eval(self._code, {"__builtins__": {}, "np": np, "numpy": np}, {"x": x})

    def __repr__(self):
        return "f(x) = " + self.source
