"""What the tests share: the server under test and the book's functions.

The server is EDGEGRAD_URL (test/node/python.test.ts starts `wrangler dev` and sets it, with
EDGEGRAD_ADMIN_TOKEN). The book's functions are fixtures/grading/student.py, the grader's own
reference student, whose `m=` argument makes one classic mistake.
"""
import json
import os
import sys
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "fixtures", "grading"))

import student as book  # noqa: E402  (fixtures/grading/student.py)

URL = os.environ.get("EDGEGRAD_URL", "http://localhost:8787")
ADMIN_TOKEN = os.environ.get("EDGEGRAD_ADMIN_TOKEN", "")


def admin(method, path, body=None):
    """An admin request (assignment set-up), outside the package under test."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Authorization": "Bearer " + ADMIN_TOKEN, "Content-Type": "application/json", "Accept": "application/json"}
    req = urllib.request.Request(URL + path, data=data, method=method, headers=headers)
    with urllib.request.urlopen(req) as res:
        return res.status, res.read().decode()


def copy_of_dlfs_ch04(new_id, min_interval_seconds=0):
    """The built-in assignment under another id, with its own spacing between submissions."""
    with urllib.request.urlopen(URL + "/v1/assignments/dlfs-ch04") as res:
        doc = json.loads(res.read().decode())
    doc["id"] = new_id
    doc["limits"] = {"min_interval_seconds": min_interval_seconds, "max_attempts": 1000}
    admin("PUT", "/v1/assignments/" + new_id, doc)
    return doc
