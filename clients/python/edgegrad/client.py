"""HTTP to an edgegrad server with the standard library: JSON in and out, problem+json errors.

The URL comes from the argument, else the EDGEGRAD_URL environment variable, else
http://localhost:8787 (what `npm start` serves). `lang` is sent as Accept-Language, and the
server's answer (its Content-Language, else the language asked for) picks this package's words.
"""
import json
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

from . import __version__
from .errors import ServerUnreachable, problem_error
from .messages import language, message

DEFAULT_URL = "http://localhost:8787"
STUDENT_TOKEN_PREFIX = "st_"  # the server's student tokens; any other token is a bearer token


def _retry_after(headers):
    try:
        return max(0, int(headers.get("Retry-After")))
    except (TypeError, ValueError):
        return None


class Client:
    """One server: `Client(url=None, token=None, lang=None, timeout=120)`."""

    def __init__(self, url=None, token=None, lang=None, timeout=120):
        self.url = (url or os.environ.get("EDGEGRAD_URL") or DEFAULT_URL).rstrip("/")
        self.token = token if token is not None else os.environ.get("EDGEGRAD_TOKEN")
        self.lang = lang
        self.timeout = timeout
        self.language = language(lang)  # updated from each answer's Content-Language

    def text(self, key, **params):
        return message(self.language, key, **params)

    def headers(self, accept="application/json"):
        h = {"Accept": accept, "User-Agent": "edgegrad-python/" + __version__}
        if self.lang:
            h["Accept-Language"] = self.lang
        if self.token:
            if self.token.startswith(STUDENT_TOKEN_PREFIX):
                h["X-Student-Token"] = self.token
            else:
                h["Authorization"] = "Bearer " + self.token
        return h

    def request(self, method, path, json_body=None, data=None, content_type=None, query=None, accept="application/json"):
        """(status, headers, bytes) of a 2xx answer; raises ProblemError or ServerUnreachable."""
        url = self.url + path + ("?" + urllib.parse.urlencode(query) if query else "")
        headers = self.headers(accept)
        if json_body is not None:
            data, content_type = json.dumps(json_body).encode("utf-8"), "application/json"
        if content_type:
            headers["Content-Type"] = content_type
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as res:
                self._follow_language(res.headers)
                return res.status, res.headers, res.read()
        except urllib.error.HTTPError as err:
            self._follow_language(err.headers)
            raw = err.read()
            try:
                body = json.loads(raw.decode("utf-8"))
            except ValueError:
                body = {"detail": raw.decode("utf-8", "replace")[:500] or err.reason}
            raise problem_error(err.code, body, _retry_after(err.headers)) from None
        except (urllib.error.URLError, socket.timeout, ConnectionError) as err:
            reason = getattr(err, "reason", None) or err
            raise ServerUnreachable(self.text("unreachable", url=self.url, reason=reason), self.url) from None

    def json(self, method, path, body=None, **kw):
        return json.loads(self.request(method, path, json_body=body, **kw)[2].decode("utf-8"))

    def _follow_language(self, headers):
        tag = headers.get("Content-Language") if headers else None
        if tag:
            self.language = language(tag)


def multipart(fields, files, boundary=None):
    """(body, content type) of multipart/form-data; fields {name: str}, files {name: (filename, bytes)}."""
    boundary = boundary or "edgegrad-" + uuid.uuid4().hex
    out = []
    for name, value in fields.items():
        out += [('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n' % (boundary, name)).encode(), value.encode("utf-8"), b"\r\n"]
    for name, (filename, data) in files.items():
        head = '--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\nContent-Type: application/octet-stream\r\n\r\n'
        out += [(head % (boundary, name, filename)).encode(), data, b"\r\n"]
    out.append(("--%s--\r\n" % boundary).encode())
    return b"".join(out), "multipart/form-data; boundary=" + boundary


def sleep(seconds):
    time.sleep(seconds)
