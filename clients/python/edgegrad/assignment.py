"""An assignment for one student: their variant, their functions run on it, graded by the server.

    a = edgegrad.Assignment("dlfs-ch04", student="kim")
    a.check("mse", mean_squared_error)        # runs mean_squared_error(y, t) on kim's inputs
    a.submit_model(network.params)           # np.savez in memory, uploaded for the model problem

Every submission carries all the answers given so far (the gradebook keeps one attempt per
student, so the last one holds everything). When the assignment asks for a pause between
graded submissions, check() waits for it (up to max_wait seconds) and says so.
"""
import io
import json
import urllib.parse

from .arrays import array, floats, np, plain
from .client import Client, multipart, sleep
from .errors import EdgegradError, RateLimited
from .expression import Expression
from .feedback import Feedback, preview_lines, show

MODEL_KIND = "model_accuracy"


class Problem:
    """One problem of a variant: id, kind, title, points, statement, inputs, answer_shape, ..."""

    def __init__(self, doc):
        self.doc = doc
        self.id = doc["id"]
        self.kind = doc.get("kind")
        self.title = doc.get("title", self.id)
        self.points = doc.get("points")
        self.statement = doc.get("statement", "")
        self.inputs = doc.get("inputs", {})
        self.answer_shape = doc.get("answer_shape")
        self.visibility = doc.get("visibility", "visible")

    def __repr__(self):
        return "<Problem %s (%s, %s points)>" % (self.id, self.title, self.points)

    def __str__(self):
        return "%s — %s (%s)\n  %s" % (self.id, self.title, self.points, self.statement)


def _function(inputs, key="f"):
    return Expression(inputs[key])


def _call_book_function(problem, fn, helpers):
    """Run the student's function on the problem's inputs, converted as the statement says."""
    inp, kind = problem.inputs, problem.kind
    if kind == "mse":
        return fn(floats(inp["y"]), floats(inp["t"]))
    if kind == "cross_entropy":
        return fn(floats(inp["y"]), array(inp["t"]))  # labels stay integers, for y[np.arange(n), t]
    if kind == "softmax":
        return fn(floats(inp["x"]))
    if kind == "numerical_diff":
        return fn(_function(inp), float(inp["x"]))
    if kind == "numerical_gradient":
        return fn(_function(inp), floats(inp["x"]))  # "make it a float array first"
    if kind == "gradient_descent":
        out = fn(_function(inp), floats(inp["init_x"]), lr=inp["lr"], step_num=inp["step_num"])
        if inp.get("answer") == "history":
            if not isinstance(out, tuple) or len(out) != 2:
                raise EdgegradError(
                    "%s answers with the history: return x, np.array(x_history) from gradient_descent, as the book's gradient_method.py does" % problem.id
                )
            return out[1]
        return out[0] if isinstance(out, tuple) else out
    if kind == "simple_net":
        net = fn() if isinstance(fn, type) else fn  # the class (its own random W is replaced) or an instance
        net.W = floats(inp["W"])
        x, t = floats(inp["x"]), array(inp["t"])
        if inp.get("answer") == "dW":
            gradient = helpers.get("numerical_gradient")
            if gradient is None:
                raise EdgegradError('%s needs your numerical_gradient too: a.check("%s", simpleNet, numerical_gradient=numerical_gradient)' % (problem.id, problem.id))
            return gradient(lambda w: net.loss(x, t), net.W)
        return net.loss(x, t)
    if kind == MODEL_KIND:
        raise EdgegradError("%s is graded on an uploaded network: a.submit_model(network.params)" % problem.id)
    raise EdgegradError("no recipe for problem kind %r: pass the answer itself, a.check(%r, value)" % (kind, problem.id))


def submission_body(student, answers, models=None, fields=None, boundary=None):
    """(bytes, content type) of POST /v1/assignments/{id}/submissions: JSON {"student", "answers"},
    or multipart when networks are attached (field "submission" = that JSON, one .npz file field
    per model problem, text fields such as "activation")."""
    text = json.dumps({"student": student, "answers": answers})
    if not models:
        return text.encode("utf-8"), "application/json"
    files = {pid: (pid + ".npz", data) for pid, data in models.items()}
    return multipart(dict(fields or {}, submission=text), files, boundary)


class Assignment:
    """Assignment(id, student, url=None, token=None, lang=None, max_wait=60).

    url: the server (else EDGEGRAD_URL, else http://localhost:8787); token: the student's token
    for assignments that require one (X-Student-Token); lang: "ko" or "en" for the server's
    feedback and this package's words; max_wait: the longest pause check() waits out when the
    assignment spaces graded submissions.
    """

    def __init__(self, assignment, student, url=None, token=None, lang=None, max_wait=60):
        self.client = Client(url=url, token=token, lang=lang)
        self.id = assignment
        self.student = student
        self.max_wait = max_wait
        self.answers = {}
        self.models = {}  # problem id -> .npz bytes
        self.model_fields = {}  # arch / activation of the uploaded network
        self.last = None
        path = "/v1/assignments/%s/variant" % urllib.parse.quote(assignment, safe="")
        self.variant = self.client.json("GET", path, query={"student": student})
        self.student = self.variant.get("student", student)  # as the server spells it
        self.problems = [Problem(p) for p in self.variant["problems"]]

    def __getitem__(self, problem_id):
        for p in self.problems:
            if p.id == problem_id:
                return p
        raise KeyError("no problem %r in %s; there are: %s" % (problem_id, self.id, ", ".join(p.id for p in self.problems)))

    def __repr__(self):
        return "<Assignment %s for %s: %d problems>" % (self.id, self.student, len(self.problems))

    def _repr_html_(self):
        import html

        rows = "".join(
            "<tr><td><code>%s</code></td><td>%s</td><td>%s</td><td style='text-align:left'>%s</td></tr>"
            % (html.escape(p.id), html.escape(str(p.title)), p.points, html.escape(p.statement))
            for p in self.problems
        )
        head = "<b>%s</b> — %s" % (html.escape(self.id), html.escape(self.student))
        return "%s<table><tr><th>id</th><th>title</th><th>%s</th><th>%s</th></tr>%s</table>" % (
            head, self.client.text("points"), self.client.text("problems"), rows)

    def inputs(self, problem_id):
        """The problem's inputs as the statement means them (float arrays; f as a function of x)."""
        out = {}
        for k, v in self[problem_id].inputs.items():
            out[k] = Expression(v) if k == "f" else floats(v) if isinstance(v, list) and k != "t" else array(v)
        return out

    def answer(self, problem_id, fn, **helpers):
        """The answer check() would send: fn run on the inputs (or fn itself when it is a value)."""
        problem = self[problem_id]
        runnable = callable(fn) or (problem.kind == "simple_net" and hasattr(fn, "loss"))  # a class or a net
        value = _call_book_function(problem, fn, helpers) if runnable else fn
        if value is None:
            name = getattr(fn, "__name__", "your function")
            raise EdgegradError("%s returned None for %s: did it forget to return its result?" % (name, problem_id))
        return value

    def check(self, problem_id, fn, preview=False, show_feedback=True, **helpers):
        """Run fn on your variant's inputs, submit the answer and show the feedback.

        preview=True submits nothing: it shows the value and whether its shape is the one asked.
        helpers: other functions of yours a problem needs (numerical_gradient=... for simpleNet's dW).
        """
        problem = self[problem_id]
        value = self.answer(problem_id, fn, **helpers)
        if preview:
            fb = Feedback({}, [problem_id], self.client.text, value, preview_lines(self.client.text, problem, value))
        else:
            self.answers[problem_id] = plain(value)
            fb = Feedback(self._submit(), [problem_id], self.client.text, value)
        if show_feedback:
            show(fb)
        return fb

    def submit_model(self, params, problem=None, activation=None, arch=None, show_feedback=True):
        """Upload a network's parameters (network.params: W1, b1, W2, b2 or W, b) as an .npz.

        activation: "sigmoid" (the book's TwoLayerNet) or "relu"; problem: the model problem's id
        (the assignment's only one by default).
        """
        if np is None:
            raise ImportError("submit_model needs numpy (pip install numpy)")
        if problem is None:
            ids = [p.id for p in self.problems if p.kind == MODEL_KIND]
            if len(ids) != 1:
                raise EdgegradError("name the model problem: submit_model(params, problem=...) (model problems: %s)" % (ids or "none"))
            problem = ids[0]
        buf = io.BytesIO()
        np.savez(buf, **{k: np.asarray(v) for k, v in dict(params).items()})
        self.models[problem] = buf.getvalue()
        for key, value in (("activation", activation), ("arch", arch)):
            if value:
                self.model_fields[key] = value
        fb = Feedback(self._submit(), [problem], self.client.text)
        if show_feedback:
            show(fb)
        return fb

    def summary(self, show_feedback=True):
        """The last graded result, every problem (nothing is submitted)."""
        if self.last is None:
            raise EdgegradError("nothing submitted yet: a.check(...) or a.submit() first")
        fb = Feedback(self.last, [], self.client.text)
        if show_feedback:
            show(fb)
        return fb

    def submit(self, show_feedback=True):
        """Submit every answer given so far (and the network) and show the whole result."""
        fb = Feedback(self._submit(), [], self.client.text)
        if show_feedback:
            show(fb)
        return fb

    def _submit(self):
        path = "/v1/assignments/%s/submissions" % urllib.parse.quote(self.id, safe="")
        data, ctype = submission_body(self.student, self.answers, self.models, self.model_fields)
        for attempt in range(4):
            try:
                self.last = json.loads(self.client.request("POST", path, data=data, content_type=ctype)[2].decode("utf-8"))
                return self.last
            except RateLimited as err:
                if err.retry_after is None or err.retry_after > self.max_wait or attempt == 3:
                    raise
                print(self.client.text("waiting", seconds=err.retry_after, detail=err.detail))
                sleep(err.retry_after)
