"""Assignment: the book's functions checked on a variant, mistakes diagnosed, networks uploaded."""
import contextlib
import functools
import io
import os
import unittest
import uuid

import numpy as np

import edgegrad
from server import ADMIN_TOKEN, ROOT, URL, admin, book, copy_of_dlfs_ch04

ASSIGNMENT = "pytest-ch04-" + uuid.uuid4().hex[:8]
# problem id -> (the book's function, helpers) as a notebook passes them to check()
BOOK = {
    "mse": (book.mean_squared_error, {}),
    "cee": (book.cross_entropy_error, {}),
    "cee_batch_onehot": (book.cross_entropy_error, {}),
    "cee_batch_labels": (book.cross_entropy_error, {}),
    "softmax": (book.softmax, {}),
    "numerical_diff": (book.numerical_diff, {}),
    "numerical_gradient": (book.numerical_gradient, {}),
    "descent_x": (book.gradient_descent, {}),
    "descent_history": (book.gradient_descent, {}),
    "simplenet_loss": (book.simpleNet(np.zeros((2, 3))), {}),
    "simplenet_dW": (book.simpleNet(np.zeros((2, 3))), {"numerical_gradient": book.numerical_gradient}),
}


def quiet(fn, *args, **kw):
    with contextlib.redirect_stdout(io.StringIO()):
        return fn(*args, **kw)


class Checks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        copy_of_dlfs_ch04(ASSIGNMENT)

    def assignment(self, **kw):
        return edgegrad.Assignment(ASSIGNMENT, student="py-" + uuid.uuid4().hex[:8], url=URL, **kw)

    def test_problems_are_the_variant(self):
        a = self.assignment()
        self.assertEqual([p.id for p in a.problems], list(BOOK) + ["model"])
        self.assertEqual(a["mse"].kind, "mse")
        self.assertIn("0.5 * np.sum", a["mse"].statement)
        self.assertIn("<table>", a._repr_html_())
        with self.assertRaises(KeyError):
            a["nope"]

    def test_the_books_functions_get_every_point(self):
        a = self.assignment(token=ADMIN_TOKEN)  # an instructor sees hidden results too
        for pid, (fn, helpers) in BOOK.items():
            fb = quiet(a.check, pid, fn, **helpers)
            self.assertTrue(fb.correct, "%s: %s" % (pid, fb))
            self.assertEqual(fb.score, fb.max_score)
        # each submission carried the answers so far: the last one has them all
        answered = [p["id"] for p in a.last["problems"] if p["status"] == "correct"]
        self.assertEqual(answered, list(BOOK))

    def test_a_student_sees_what_is_released(self):
        a = self.assignment()
        for pid, (fn, helpers) in BOOK.items():
            fb = quiet(a.check, pid, fn, **helpers)
            [shown] = fb.problems
            if shown["status"] == "withheld":  # hidden / after_due_date problems, until released
                self.assertIsNone(fb.score)
                self.assertIn(shown["feedback"], str(fb))
            else:
                self.assertTrue(fb.correct, "%s: %s" % (pid, fb))

    def test_classic_mistakes_are_named(self):
        a = self.assignment()
        for pid, mistake in [("mse", "missing-half"), ("cee", "no-delta"), ("cee_batch_labels", "label-onehot-confusion"), ("softmax", "softmax-overflow"), ("descent_x", "ascent")]:
            fn = functools.partial(BOOK[pid][0], m=mistake)
            with np.errstate(all="ignore"):
                fb = quiet(a.check, pid, fn)
            self.assertFalse(fb.correct)
            self.assertEqual(fb.diagnosis["id"], mistake, pid)
            self.assertIn(fb.diagnosis["message"], str(fb))
            self.assertIn(fb.diagnosis["message"].split(":")[0], fb._repr_html_())

    def test_preview_submits_nothing(self):
        a = self.assignment()
        fb = quiet(a.check, "softmax", book.softmax, preview=True)
        self.assertIsNone(a.last)
        self.assertEqual(a.answers, {})
        self.assertIn("(2, 4)", str(fb))
        self.assertIsNone(fb.score)
        bad = quiet(a.check, "softmax", lambda x: x[0], preview=True)
        self.assertIn("(4,)", str(bad))

    def test_a_function_without_return(self):
        a = self.assignment()

        def mean_squared_error(y, t):
            0.5 * np.sum((y - t) ** 2)

        with self.assertRaises(edgegrad.EdgegradError) as ctx:
            a.check("mse", mean_squared_error)
        self.assertIn("mean_squared_error returned None", str(ctx.exception))

    def test_history_needs_the_books_return(self):
        a = self.assignment()
        only_x = lambda f, init_x, lr, step_num: book.gradient_descent(f, init_x, lr, step_num)[0]  # noqa: E731
        with self.assertRaises(edgegrad.EdgegradError):
            a.check("descent_history", only_x)
        self.assertTrue(quiet(a.check, "descent_x", only_x).correct)

    def test_a_value_instead_of_a_function(self):
        a = self.assignment()
        y, t = a.inputs("mse")["y"], a.inputs("mse")["t"]
        self.assertTrue(quiet(a.check, "mse", 0.5 * np.sum((y - t) ** 2)).correct)

    def test_submit_model(self):
        a = self.assignment()
        with np.load(os.path.join(ROOT, "fixtures", "grading", "two-layer.npz")) as f:
            params = {k: f[k] for k in f.files}
        fb = quiet(a.submit_model, params, activation="relu")
        self.assertEqual(fb.focus, ["model"])
        self.assertEqual(fb.score, fb.max_score)
        # the network stays in later submissions
        quiet(a.check, "mse", book.mean_squared_error)
        self.assertEqual(a.last["score"], 1 + fb.max_score)

    def test_feedback_in_a_terminal_and_in_jupyter(self):
        a = self.assignment()
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            fb = a.check("mse", functools.partial(book.mean_squared_error, m="missing-half"))
        self.assertEqual(out.getvalue().strip(), str(fb))
        self.assertIn("mse", str(fb))
        self.assertIn("0/1", str(fb))
        html = fb._repr_html_()
        self.assertTrue(html.startswith('<div class="edgegrad-feedback">'))
        self.assertNotIn("<script", html)

    def test_unknown_assignment(self):
        with self.assertRaises(edgegrad.ProblemError) as ctx:
            edgegrad.Assignment("no-such-assignment", student="kim", url=URL)
        self.assertEqual(ctx.exception.status, 404)


class Tokens(unittest.TestCase):
    """Assignments that take submissions only with the student's token (X-Student-Token)."""

    def test_only_with_the_students_token(self):
        aid = ASSIGNMENT + "-locked"
        doc = {"title": "locked", "submissions": "token", "limits": {"min_interval_seconds": 0, "max_attempts": 5}, "problems": [{"id": "mse", "kind": "mse", "points": 1}]}
        admin("PUT", "/v1/assignments/" + aid, doc)
        csv = admin("GET", "/v1/assignments/%s/tokens.csv?students=carol" % aid)[1]
        token = csv.strip().splitlines()[1].split(",")[1]
        with self.assertRaises(edgegrad.ProblemError) as ctx:
            edgegrad.Assignment(aid, student="carol", url=URL).check("mse", book.mean_squared_error)
        self.assertEqual(ctx.exception.status, 401)
        fb = quiet(edgegrad.Assignment(aid, student="carol", url=URL, token=token).check, "mse", book.mean_squared_error)
        self.assertEqual(fb.score, 1)


class Spacing(unittest.TestCase):
    """An assignment that spaces submissions: check() waits the Retry-After and says so."""

    def test_waits_then_submits(self):
        aid = ASSIGNMENT + "-spaced"
        copy_of_dlfs_ch04(aid, min_interval_seconds=2)
        a = edgegrad.Assignment(aid, student="py-spaced", url=URL)
        quiet(a.check, "mse", book.mean_squared_error)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            fb = a.check("cee", book.cross_entropy_error)
        self.assertTrue(fb.correct)
        self.assertEqual(a.last["attempt"], 2)
        self.assertRegex(out.getvalue(), r"Waiting \d s")

    def test_refuses_to_wait_longer_than_max_wait(self):
        aid = ASSIGNMENT + "-slow"
        copy_of_dlfs_ch04(aid, min_interval_seconds=600)
        a = edgegrad.Assignment(aid, student="py-slow", url=URL, max_wait=5)
        quiet(a.check, "mse", book.mean_squared_error)
        with self.assertRaises(edgegrad.RateLimited) as ctx:
            a.check("cee", book.cross_entropy_error)
        self.assertEqual(ctx.exception.status, 429)
        self.assertGreater(ctx.exception.retry_after, 5)


class Digits(unittest.TestCase):
    def test_load_mnist_as_the_book(self):
        (x_train, t_train), (x_test, t_test) = edgegrad.load_mnist(normalize=True, one_hot_label=True, url=URL)
        self.assertEqual(x_train.shape[1], 784)
        self.assertEqual(x_train.dtype, np.float32)
        self.assertTrue(0.0 <= x_train.min() and x_train.max() <= 1.0)
        self.assertEqual(t_test.shape, (x_test.shape[0], 10))
        np.testing.assert_array_equal(t_test.sum(axis=1), 1)
        (x, t), _ = edgegrad.load_mnist(normalize=False, flatten=False, url=URL)
        self.assertEqual(x.shape[1:], (1, 28, 28))
        self.assertEqual(x.dtype, np.uint8)
        self.assertEqual(t.ndim, 1)


if __name__ == "__main__":
    unittest.main()
