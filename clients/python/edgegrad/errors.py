"""Errors: what the server refused (its problem+json, RFC 9457) and a server that does not answer.

In Jupyter, both show as one line (IPython's `_render_traceback_` hook) instead of a traceback
through this package's internals; in a script they are ordinary exceptions.
"""


class EdgegradError(Exception):
    """Base class of everything this package raises on purpose."""

    def _render_traceback_(self):
        return ["%s: %s" % (type(self).__name__, self)]


class ServerUnreachable(EdgegradError, ConnectionError):
    """Nothing answered at the URL (not started, wrong port, no network)."""

    def __init__(self, message, url):
        super().__init__(message)
        self.url = url


class ProblemError(EdgegradError):
    """The server answered an error: status, title, detail and the offending fields.

    errors is a list of {"pointer": JSON Pointer into what was sent, "message": ...};
    body is the whole problem+json document (extra members such as Retry-After's interval).
    """

    def __init__(self, status, body, retry_after=None):
        body = body if isinstance(body, dict) else {"detail": str(body)}
        self.status = status
        self.body = body
        self.type = body.get("type")
        self.title = body.get("title", "")
        self.detail = body.get("detail") or body.get("title") or "HTTP %d" % status
        self.errors = [e for e in body.get("errors", []) if isinstance(e, dict)]
        self.retry_after = retry_after
        super().__init__(self._message())

    @property
    def pointers(self):
        """{pointer: message} of the fields the server named."""
        return {e.get("pointer", ""): e.get("message", "") for e in self.errors}

    def _message(self):
        text = "%d %s: %s" % (self.status, self.title, self.detail) if self.title else "%d: %s" % (self.status, self.detail)
        extra = ["%s: %s" % (e.get("pointer") or "/", e.get("message")) for e in self.errors if e.get("message") and e.get("message") not in self.detail]
        return text + (" (" + "; ".join(extra) + ")" if extra else "")


class RateLimited(ProblemError):
    """429: too many submissions; retry_after is the number of seconds the server asked for (or None)."""


def problem_error(status, body, retry_after=None):
    cls = RateLimited if status == 429 else ProblemError
    return cls(status, body, retry_after)
