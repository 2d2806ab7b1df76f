"""A graded result as text (terminal) and HTML (Jupyter): the problem's status, score and the
server's feedback (which names a diagnosed mistake without revealing the expected value)."""
import html

from .arrays import plain, shape

_COLOURS = {"correct": "#1a7f37", "partial": "#9a6700", "incorrect": "#cf222e", "missing": "#57606a", "withheld": "#57606a"}
_pending = []  # Feedback shown by check() whose echo as the cell's value is to be skipped
_registered = []  # IPython shells that clear _pending after each cell


def _ipython():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def _number(v):
    return ("%g" % v) if isinstance(v, float) else str(v)


class Feedback:
    """The server's answer to one submission, focused on the problems just checked.

    result: the whole JSON the server returned (score, max_score, attempt, problems[...]);
    focus: the ids to show (all problems when empty); answer: the value sent (for the record).
    """

    def __init__(self, result, focus, text, answer=None, preview=None):
        self.result = result or {}
        self.focus = list(focus)
        self._text = text
        self.answer = answer
        self._preview = preview  # a preview: lines describing the unsent answer
        self._skip_echo = False

    @property
    def problems(self):
        rows = self.result.get("problems", [])
        return [p for p in rows if not self.focus or p.get("id") in self.focus]

    @property
    def score(self):
        """Points of the focused problems (None when withheld or a preview)."""
        rows = self.problems
        if not rows or any("score" not in p for p in rows):
            return None
        return sum(p["score"] for p in rows)

    @property
    def max_score(self):
        return sum(p.get("max_score", 0) for p in self.problems) if self.problems else None

    @property
    def correct(self):
        return bool(self.problems) and all(p.get("status") == "correct" for p in self.problems)

    @property
    def diagnosis(self):
        """The diagnosed mistake of the (first) focused problem: {"id", "message"} or None."""
        for p in self.problems:
            if p.get("diagnosis"):
                return p["diagnosis"]
        return None

    def _status(self, p):
        status = p.get("status")
        return self._text("status." + status) if status in _COLOURS else (status or "")

    def _total(self):
        """"Total: 12/14 (attempt 3)", with the points the server withholds from students until released."""
        total = "%s: %s/%s" % (self._text("total"), _number(self.result["score"]), _number(self.result.get("max_score", "?")))
        if "attempt" in self.result:
            total += " (" + self._text("attempt", attempt=self.result["attempt"]) + ")"
        withheld = self.result.get("withheld")
        if isinstance(withheld, dict) and withheld.get("max_score"):
            total += "; " + self._text("total-withheld", points=_number(withheld["max_score"]))
        return total

    def _lines(self):
        if self._preview is not None:
            return [self._text("preview")] + self._preview
        out = []
        for p in self.problems:
            head = "%s (%s): %s" % (p.get("title", p.get("id")), p.get("id"), self._status(p))
            if "score" in p:
                head += " — %s/%s" % (_number(p["score"]), _number(p.get("max_score", "?")))
            out.append(head)
            out.append("  " + (p.get("feedback") or self._text("withheld")))
        if "score" in self.result:
            out.append(self._total())
        return out

    def __str__(self):
        return "\n".join(self._lines())

    def __repr__(self):
        ids = ",".join(self.focus) or self.result.get("assignment", "")
        return "<edgegrad.Feedback %s: %s/%s>" % (ids, _number(self.score), _number(self.max_score))

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))

    def _repr_html_(self):
        e = html.escape
        box = '<div style="border-left:4px solid %s;padding:4px 10px;margin:4px 0">%s</div>'
        if self._preview is not None:
            return box % (_COLOURS["missing"], "<br>".join(e(line) for line in [self._text("preview")] + self._preview))
        parts = []
        for p in self.problems:
            colour = _COLOURS.get(p.get("status"), _COLOURS["missing"])
            score = " — %s/%s" % (_number(p["score"]), _number(p.get("max_score", "?"))) if "score" in p else ""
            head = '<b>%s</b> <code>%s</code>: <span style="color:%s;font-weight:bold">%s</span>%s' % (
                e(str(p.get("title", p.get("id")))), e(str(p.get("id"))), colour, e(self._status(p)), e(score))
            parts.append(box % (colour, head + "<br>" + e(p.get("feedback") or self._text("withheld"))))
        if "score" in self.result:
            parts.append('<div style="color:#57606a">%s</div>' % e(self._total()))
        return '<div class="edgegrad-feedback">%s</div>' % "".join(parts)

    def _ipython_display_(self):
        if self._skip_echo:  # check() already showed it in this cell
            self._skip_echo = False
            return
        from IPython.display import display

        display({"text/plain": str(self), "text/html": self._repr_html_()}, raw=True)


def _clear_echoes(*_):
    while _pending:
        _pending.pop()._skip_echo = False


def show(feedback):
    """Show it now: HTML in Jupyter, text in a terminal (and not again as the cell's value)."""
    ip = _ipython()
    if ip is None:
        print(feedback)
        return
    feedback._ipython_display_()
    feedback._skip_echo = True
    if ip not in _registered and hasattr(ip, "events"):
        ip.events.register("post_run_cell", _clear_echoes)
        _registered.append(ip)
    _pending.append(feedback)


def preview_lines(text, problem, value):
    """What a preview says about an unsent answer: its value and whether its shape fits."""
    got = shape(value)
    lines = ["%s (%s): %s" % (text("answer"), problem.id, plain(value))]
    if problem.answer_shape is not None:
        if got == problem.answer_shape:
            lines.append(text("preview-shape-ok", shape=tuple(got)))
        else:
            lines.append(text("preview-shape-bad", got=tuple(got), expected=tuple(problem.answer_shape)))
    return lines
