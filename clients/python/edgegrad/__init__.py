"""edgegrad for notebooks: check the book's chapter-4 functions against a course's edgegrad server.

    import edgegrad
    a = edgegrad.Assignment("dlfs-ch04", student="kim", lang="ko")
    a.problems                                   # statements and inputs of your variant
    a.check("mse", mean_squared_error)           # your function on your inputs, graded
    a.submit_model(network.params)               # a trained network, as an .npz

    edgegrad.mse(y, t); edgegrad.numerical_diff("0.01*x**2 + 0.1*x", 5)   # the compute routes

The server: url=..., else EDGEGRAD_URL, else http://localhost:8787. Standard library only;
numpy is used when installed (and needed for networks and load_mnist).
"""
__version__ = "0.1.0"

from .assignment import Assignment, Problem  # noqa: E402
from .client import Client  # noqa: E402
from .compute import configure, cross_entropy, descent, gradient, mse, numerical_diff, simplenet, softmax  # noqa: E402
from .data import load_mnist  # noqa: E402
from .errors import EdgegradError, ProblemError, RateLimited, ServerUnreachable  # noqa: E402
from .expression import Expression  # noqa: E402
from .feedback import Feedback  # noqa: E402

__all__ = [
    "Assignment", "Problem", "Client", "Feedback", "Expression", "configure", "load_mnist",
    "mse", "cross_entropy", "softmax", "numerical_diff", "gradient", "descent", "simplenet",
    "EdgegradError", "ProblemError", "RateLimited", "ServerUnreachable",
]
