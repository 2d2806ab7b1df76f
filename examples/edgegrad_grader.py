#!/usr/bin/env python3
"""Grade a student's own numpy code with edgegrad, inside a course platform's grading container.

Used by examples/gradescope/run_autograder and examples/prairielearn/grade.py (copy this file
next to them in the autograder zip or serverFilesCourse). Standard library only; the student's
code needs numpy, as the book's does.

Code-graded mode (assignment "mode": "code"):
  1. the student's .py or .ipynb is loaded: code cells only, in order; shell and magic lines
     (starting with ! or %) and %% cell magics are skipped; a cell that raises is reported and
     the next cells still run;
  2. the grader-only variant of that student is fetched with the grader token (inputs the
     student never saw, derived under a different label from their own variant);
  3. each problem calls the book's function by its book name (mean_squared_error,
     cross_entropy_error, softmax, numerical_diff, numerical_gradient, gradient_descent,
     simpleNet) on those inputs, in a separate process, with a time limit per problem; an
     exception becomes that problem's feedback;
  4. the answers are submitted with the grader token as the grader's variant, so edgegrad grades
     them (and names the classic mistakes) exactly as it grades answers.

The student's code never sees the grader token: it runs in a child process whose environment
has every EDGEGRAD_* variable removed.
"""
import json
import linecache
import os
import signal
import subprocess
import sys
import traceback
import unicodedata
import urllib.error
import urllib.request
import uuid

TOKEN_ENV = "EDGEGRAD_GRADER_TOKEN"


# ---- identity -----------------------------------------------------------------------------

def normalize_student(raw):
    """edgegrad's rule for student ids: Unicode NFC, surrounding whitespace removed, lower case."""
    return unicodedata.normalize("NFC", str(raw)).strip().lower()


# ---- talking to edgegrad -------------------------------------------------------------------

class Unreachable(Exception):
    """edgegrad could not be reached, or failed (5xx): the platform should keep the previous result."""


class Refused(Exception):
    """edgegrad answered with a 4xx problem: the submission was not graded."""

    def __init__(self, status, body):
        detail = body.get("detail") if isinstance(body, dict) else None
        super().__init__(f"{status}: {detail or body}")
        self.status = status
        self.body = body


def request(url, token=None, body=None, content_type="application/json", timeout=60):
    headers = {"accept": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        headers["content-type"] = content_type
    req = urllib.request.Request(url, data=data, headers=headers, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as res:
            return json.loads(res.read().decode())
    except urllib.error.HTTPError as err:
        text = err.read().decode(errors="replace")
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = text[:500]
        if err.code >= 500:
            raise Unreachable(f"edgegrad answered {err.code}: {parsed}") from None
        raise Refused(err.code, parsed) from None
    except (urllib.error.URLError, OSError, ValueError) as err:
        raise Unreachable(f"edgegrad could not be reached: {err}") from None


def multipart(fields, files):
    """fields: {name: str}; files: {name: (filename, bytes)} -> (body, content type)."""
    boundary = uuid.uuid4().hex
    out = bytearray()
    for name, value in fields.items():
        out += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    for name, (filename, data) in files.items():
        out += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'.encode()
        out += b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def submit(base, assignment, token, doc, fmt, npz=None, activation=None):
    url = f"{base}/v1/assignments/{assignment}/submissions?format={fmt}"
    if npz is None:
        return request(url, token, doc)
    fields = {"submission": json.dumps(doc)}
    if activation:
        fields["activation"] = activation
    body, ctype = multipart(fields, {"model": ("params.npz", npz)})
    return request(url, token, body, ctype)


# ---- the student's code --------------------------------------------------------------------

def code_cells(path):
    """[(label, code)]: a .py as one piece, or the code cells of an .ipynb ("code cell N", counting
    the notebook's code cells from 1) without shell/magic lines."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if not path.endswith(".ipynb"):
        return [("student code", text)]
    nb = json.loads(text)
    cells = []
    number = 0
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        number += 1
        src = cell.get("source", "")
        src = "".join(src) if isinstance(src, list) else src
        lines = src.splitlines()
        first = next((ln for ln in lines if ln.strip()), "")
        if first.lstrip().startswith("%%"):
            continue  # a cell magic (%%time, %%bash, ...): the whole cell is not Python
        kept = []
        for ln in lines:
            stripped = ln.lstrip()
            if stripped.startswith(("!", "%")):
                kept.append(ln[: len(ln) - len(stripped)] + "pass  # shell or magic line skipped by the grader")
            else:
                kept.append(ln)
        cells.append((f"code cell {number}", "\n".join(kept) + "\n"))
    return cells


def find_code(directory, name=None):
    """The student's notebook or script: `name` if given, else the one .ipynb (or .py) there."""
    if name:
        path = os.path.join(directory, name)
        return path if os.path.isfile(path) else None
    found = sorted(os.listdir(directory)) if os.path.isdir(directory) else []
    for ext in (".ipynb", ".py"):
        hits = [f for f in found if f.endswith(ext) and not f.startswith(".")]
        if hits:
            return os.path.join(directory, hits[0])
    return None


def run_student_code(path, problems, time_limit=10.0, load_limit=60.0):
    """Runs the student's code on the problems in a child process.

    Returns {"answers": {id: nested list}, "errors": {id: message}, "load_errors": [message]}.
    """
    path = os.path.abspath(path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDGEGRAD")}
    env.setdefault("MPLBACKEND", "Agg")
    budget = load_limit + time_limit * max(1, len(problems)) + 30
    try:
        proc = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--run-student", path, str(time_limit), str(load_limit)],
            input=json.dumps(problems), capture_output=True, text=True, timeout=budget, env=env,
            cwd=os.path.dirname(path),
        )
    except subprocess.TimeoutExpired:
        return {"answers": {}, "errors": {}, "load_errors": [f"Your code did not finish within {budget:.0f} s."]}
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or "").strip().splitlines()[-3:]
        return {"answers": {}, "errors": {}, "load_errors": ["Your code stopped the grader: " + " ".join(tail)]}
    return json.loads(lines[-1])


# ---- inside the child process --------------------------------------------------------------

class TimeLimit(BaseException):
    """Raised in the student's code when a problem's time is up (a BaseException, so that a bare
    `except Exception` in the student's code does not swallow it)."""


def _alarm(seconds):
    def handler(signum, frame):
        raise TimeLimit()

    signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))


def _cancel_alarm():
    signal.setitimer(signal.ITIMER_REAL, 0)


def describe(err):
    """An exception as feedback: its type and message, and the student's line that raised it."""
    where = ""
    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        if frame.filename.startswith(("<code cell", "<student code")):
            where = f" ({frame.filename.strip('<>')}, line {frame.lineno}: {(frame.line or '').strip()})"
            break
    message = str(err).strip()
    return f"Your code raised {type(err).__name__}{': ' + message if message else ''}{where}."


def _expression(source, np):
    code = compile(source, "<problem f>", "eval")
    return lambda x: eval(code, {"np": np, "numpy": np, "__builtins__": {}}, {"x": x})


def _need(ns, name):
    fn = ns.get(name)
    if fn is None:
        raise NameError(f"no {name} is defined: the grader calls the book's {name}")
    return fn


def call_book_function(kind, inp, ns, np):
    """What the book's code returns for one problem's inputs."""
    f64 = lambda v: np.array(v, dtype=float)
    if kind == "mse":
        return _need(ns, "mean_squared_error")(f64(inp["y"]), f64(inp["t"]))
    if kind == "cross_entropy":
        return _need(ns, "cross_entropy_error")(f64(inp["y"]), np.array(inp["t"]))
    if kind == "softmax":
        return _need(ns, "softmax")(f64(inp["x"]))
    if kind == "numerical_diff":
        return _need(ns, "numerical_diff")(_expression(inp["f"], np), float(inp["x"]))
    if kind == "numerical_gradient":
        return _need(ns, "numerical_gradient")(_expression(inp["f"], np), f64(inp["x"]))
    if kind == "gradient_descent":
        out = _need(ns, "gradient_descent")(_expression(inp["f"], np), f64(inp["init_x"]), lr=inp["lr"], step_num=inp["step_num"])
        x, history = (out[0], out[1]) if isinstance(out, tuple) else (out, None)
        if inp["answer"] == "history":
            if history is None:
                raise ValueError("gradient_descent returned only x: return x, np.array(x_history) as the book's gradient_method.py does")
            return history
        return x
    if kind == "simple_net":
        cls = _need(ns, "simpleNet")
        try:
            net = cls()
        except TypeError:
            net = cls(f64(inp["W"]))
        net.W = f64(inp["W"])
        x, t = f64(inp["x"]), np.array(inp["t"])
        if inp["answer"] == "loss":
            return net.loss(x, t)
        return _need(ns, "numerical_gradient")(lambda w: net.loss(x, t), net.W)
    raise ValueError(f"problem kind {kind} is not graded from code")


def _child(path, time_limit, load_limit):
    problems = json.load(sys.stdin)
    out = sys.stdout
    sys.stdout = sys.stderr  # the student's prints must not mix with the answers
    import numpy as np

    ns = {"__name__": "student", "__builtins__": __builtins__}
    load_errors = []
    _alarm(load_limit)
    try:
        for label, src in code_cells(path):
            filename = f"<{label}>"
            linecache.cache[filename] = (len(src), None, src.splitlines(True), filename)
            try:
                exec(compile(src, filename, "exec"), ns)
            except TimeLimit:
                raise
            except BaseException as err:  # noqa: BLE001 - a student's cell may raise anything, even SystemExit
                load_errors.append(describe(err) if not isinstance(err, SyntaxError) else f"{filename.strip('<>')}: SyntaxError: {err.msg} (line {err.lineno}).")
    except TimeLimit:
        load_errors.append(f"Loading your code took longer than {load_limit:g} s; later cells were not run.")
    finally:
        _cancel_alarm()
    answers, errors = {}, {}
    for p in problems:
        try:
            _alarm(time_limit)
            with np.errstate(all="ignore"):
                value = call_book_function(p["kind"], p["inputs"], ns, np)
            _cancel_alarm()
            arr = np.asarray(value, dtype=float)
            answers[p["id"]] = arr.tolist()
        except TimeLimit:
            errors[p["id"]] = f"Your code took longer than the time limit of {time_limit:g} s on this problem."
        except BaseException as err:  # noqa: BLE001
            _cancel_alarm()
            errors[p["id"]] = describe(err)
    out.write(json.dumps({"answers": answers, "errors": errors, "load_errors": load_errors}) + "\n")
    out.flush()


if __name__ == "__main__" and len(sys.argv) == 5 and sys.argv[1] == "--run-student":
    _child(sys.argv[2], float(sys.argv[3]), float(sys.argv[4]))
