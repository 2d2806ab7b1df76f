#!/usr/bin/env python3
"""A minimal edgegrad grading client using only the Python standard library.

    python3 edgegrad_client.py --url http://localhost:8787 variant alice > variant.json
    python3 edgegrad_client.py --url http://localhost:8787 submit answers.json [--model params.npz --activation relu]
    python3 edgegrad_client.py --url http://localhost:8787 --token $ADMIN_TOKEN gradebook > gradebook.csv

answers.json is {"student": "alice", "answers": {"mse": 0.12, "softmax": [[...], [...]], ...}}:
numbers or nested lists as numpy's tolist() gives them (json.dumps writes nan/inf as NaN and
Infinity, which edgegrad reads). `submit` prints the graded result; --gradescope prints
Gradescope's results.json instead. Exit status 1 on an error (the problem+json is printed).
"""
import argparse
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid


def multipart(fields, files, boundary=None):
    """(body, content_type) for multipart/form-data; files: {name: (filename, bytes)}."""
    boundary = boundary or "edgegrad-" + uuid.uuid4().hex
    out = []
    for name, value in fields.items():
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.append(value.encode() if isinstance(value, str) else value)
        out.append(b"\r\n")
    for name, (filename, data) in files.items():
        out.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
        )
        out.append(data)
        out.append(b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={boundary}"


def submission_request(answers_text, model=None, activation=None, boundary=None):
    """The body and content type of a submission: JSON, or multipart when a model is attached."""
    if model is None:
        return answers_text.encode(), "application/json"
    fields = {"submission": answers_text}
    if activation:
        fields["activation"] = activation
    return multipart(fields, {"model": (os.path.basename(model), open(model, "rb").read())}, boundary)


def call(url, method="GET", body=None, content_type=None, token=None, student_token=None):
    headers = {"Accept": "application/json"}
    if content_type:
        headers["Content-Type"] = content_type
    if token:
        headers["Authorization"] = "Bearer " + token
    if student_token:
        headers["X-Student-Token"] = student_token
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req) as res:
            return res.status, res.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--url", default=os.environ.get("EDGEGRAD", "http://localhost:8787"))
    p.add_argument("--assignment", default="dlfs-ch04")
    p.add_argument("--token", default=os.environ.get("ADMIN_TOKEN"))
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("variant", help="print a student's variant")
    v.add_argument("student")
    s = sub.add_parser("submit", help="grade answers.json")
    s.add_argument("answers")
    s.add_argument("--model", help="params.npz for the model problem")
    s.add_argument("--activation", help="sigmoid (default) or relu, for a two-layer model")
    s.add_argument("--gradescope", action="store_true", help="print Gradescope's results.json")
    s.add_argument(
        "--student-token",
        default=os.environ.get("EDGEGRAD_STUDENT_TOKEN"),
        help='your submission token, for assignments with "submissions": "token"',
    )
    sub.add_parser("gradebook", help="print the gradebook CSV (needs --token)")
    args = p.parse_args(argv)

    base = f"{args.url.rstrip('/')}/v1/assignments/{urllib.parse.quote(args.assignment)}"
    if args.command == "variant":
        status, text = call(f"{base}/variant?student={urllib.parse.quote(args.student)}")
    elif args.command == "submit":
        body, ctype = submission_request(open(args.answers).read(), args.model, args.activation)
        status, text = call(
            f"{base}/submissions" + ("?format=gradescope" if args.gradescope else ""),
            "POST",
            body,
            ctype,
            student_token=args.student_token,
        )
        if status == 429:
            print("rate limited: " + json.loads(text).get("detail", ""), file=sys.stderr)
    else:
        status, text = call(f"{base}/gradebook.csv", token=args.token)
    print(text)
    return 0 if status < 400 else 1


if __name__ == "__main__":
    sys.exit(main())
