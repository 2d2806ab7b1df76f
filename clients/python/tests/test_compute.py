"""The compute routes as functions, against the book's printed values and numpy."""
import os
import subprocess
import sys
import unittest

import numpy as np

import edgegrad
from server import ROOT, URL, book

T = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]  # the book's example: the answer is '2'
Y_RIGHT = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
Y_WRONG = [0.1, 0.05, 0.0, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]


class BookValues(unittest.TestCase):
    """The values the book (and the chapter-4 notes) print, exactly."""

    @classmethod
    def setUpClass(cls):
        edgegrad.configure(url=URL)

    def test_mean_squared_error(self):
        self.assertEqual(edgegrad.mse(Y_RIGHT, T), 0.09750000000000003)
        self.assertEqual(edgegrad.mse(np.array(Y_WRONG), np.array(T)), 0.6925)

    def test_cross_entropy_error(self):
        self.assertEqual(edgegrad.cross_entropy(Y_RIGHT, T), 0.510825457099338)
        self.assertEqual(edgegrad.cross_entropy(Y_WRONG, T), 16.11809565095832)

    def test_numerical_diff(self):
        self.assertEqual(edgegrad.numerical_diff("0.01*x**2 + 0.1*x", 5), 0.1999999999990898)
        self.assertEqual(edgegrad.numerical_diff("0.01*x**2 + 0.1*x", 10), 0.2999999999986347)

    def test_gradient_descent(self):
        x = edgegrad.descent("x[0]**2 + x[1]**2", np.array([-3.0, 4.0]), lr=0.1, step_num=100)
        self.assertEqual(x.tolist(), [-6.111107928998789e-10, 8.148143905314271e-10])
        x, history = edgegrad.descent("x[0]**2 + x[1]**2", [-3.0, 4.0], lr=0.1, step_num=20, history=True)
        self.assertEqual(history.shape, (20, 2))
        self.assertEqual(history[0].tolist(), [-3.0, 4.0])


class AgainstNumpy(unittest.TestCase):
    """Routes whose results the book's numpy functions compute here."""

    def test_softmax_rows(self):
        x = np.array([[0.3, 2.9, 4.0], [1010.0, 1000.0, 990.0]])
        np.testing.assert_allclose(edgegrad.softmax(x, url=URL), book.softmax(x), rtol=1e-12)

    def test_gradient(self):
        x = np.array([3.0, 4.0])
        expected = book.numerical_gradient(lambda v: np.sum(v**2), x.copy())
        np.testing.assert_allclose(edgegrad.gradient("np.sum(x**2)", x, url=URL), expected, rtol=1e-12)

    def test_simplenet(self):
        W = np.array([[0.47355232, 0.9977393, 0.84668094], [0.85557411, 0.03563661, 0.69422093]])
        x, t = np.array([0.6, 0.9]), np.array([0, 0, 1])
        net = book.simpleNet(W.copy())
        out = edgegrad.simplenet(W, x, t, url=URL)
        np.testing.assert_allclose(out["p"], net.predict(x), rtol=1e-12)
        self.assertEqual(out["argmax"], int(np.argmax(net.predict(x))))
        self.assertAlmostEqual(out["loss"], net.loss(x, t), places=12)
        np.testing.assert_allclose(out["dW"], book.numerical_gradient(lambda w: net.loss(x, t), net.W), rtol=1e-6, atol=1e-10)


class Errors(unittest.TestCase):
    def test_problem_json_with_the_field(self):
        with self.assertRaises(edgegrad.ProblemError) as ctx:
            edgegrad.mse([1.0, 2.0], [1.0], url=URL)
        err = ctx.exception
        self.assertEqual(err.status, 422)
        self.assertIn("/t", err.pointers)
        self.assertIn(err.detail, str(err))
        self.assertEqual(err.body["status"], 422)

    def test_expression_error_names_the_position(self):
        with self.assertRaises(edgegrad.ProblemError) as ctx:
            edgegrad.numerical_diff("0.01*x**", 5, url=URL)
        self.assertEqual(ctx.exception.status, 422)
        self.assertIn("/f", ctx.exception.pointers)

    def test_nothing_answers_is_one_line(self):
        with self.assertRaises(edgegrad.ServerUnreachable) as ctx:
            edgegrad.mse([1.0], [1.0], url="http://127.0.0.1:9")
        err = ctx.exception
        self.assertIsNone(err.__cause__)
        self.assertTrue(err.__suppress_context__)
        self.assertEqual(len(err._render_traceback_()), 1)
        self.assertIn("http://127.0.0.1:9", str(err))
        self.assertNotIn("\n", str(err))

    def test_in_the_learners_language(self):
        client = edgegrad.Client(url=URL, lang="ko")
        with self.assertRaises(edgegrad.ProblemError) as ctx:
            client.json("POST", "/v1/loss/mse", {"y": [1.0, 2.0], "t": [1.0]})
        self.assertRegex(ctx.exception.detail, "[\uac00-\ud7a3]")  # Hangul
        self.assertEqual(client.language, "ko")  # from the answer's Content-Language
        english = edgegrad.Client(url=URL, lang="ko-KR;q=0.1, en")
        with self.assertRaises(edgegrad.ProblemError):
            english.json("POST", "/v1/loss/mse", {"y": [1.0, 2.0], "t": [1.0]})
        self.assertEqual(english.language, "en")

    def test_a_python_function_cannot_travel(self):
        with self.assertRaises(TypeError):
            edgegrad.numerical_diff(lambda x: x**2, 1.0, url=URL)


def run_python(code, **env):
    """A fresh interpreter that imports this edgegrad (installed or not), with only these variables."""
    env = dict(env, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(edgegrad.__file__))))
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT, check=True).stdout.split()


class Configuration(unittest.TestCase):
    def test_url_from_the_environment(self):
        code = "import edgegrad; print(edgegrad.Client().url, edgegrad.Client(url='http://h:1/').url)"
        out = run_python(code, EDGEGRAD_URL="http://example.test:8123")
        self.assertEqual(out, ["http://example.test:8123", "http://h:1"])

    def test_default_url(self):
        code = "import edgegrad; print(edgegrad.Client().url)"
        self.assertEqual(run_python(code), ["http://localhost:8787"])

    def test_language_and_tokens_as_headers(self):
        c = edgegrad.Client(url=URL, token="st_abc", lang="ko")
        self.assertEqual(c.headers()["Accept-Language"], "ko")
        self.assertEqual(c.headers()["X-Student-Token"], "st_abc")
        self.assertEqual(edgegrad.Client(url=URL, token="gt_x").headers()["Authorization"], "Bearer gt_x")

    def test_without_numpy(self):
        # The package is standard library only: lists in, floats and lists out.
        code = (
            "import sys; sys.modules['numpy'] = None\n"
            "import edgegrad\n"
            "print(edgegrad.mse([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0], [0, 0, 1, 0, 0, 0, 0, 0, 0, 0], url=%r))\n"
            "print(type(edgegrad.softmax([1.0, 2.0], url=%r)).__name__)\n" % (URL, URL)
        )
        self.assertEqual(run_python(code), ["0.09750000000000003", "list"])


class Expressions(unittest.TestCase):
    def test_the_notes_expressions(self):
        f = edgegrad.Expression("0.01*x**2 + 0.1*x")
        self.assertEqual(f(5.0), 0.01 * 5.0**2 + 0.1 * 5.0)
        self.assertEqual(edgegrad.Expression("np.exp(-x[0])")(np.array([0.0])), 1.0)

    def test_anything_else_is_refused(self):
        for source in ["__import__('os').system('true')", "x.__class__", "(lambda: 1)()", "open('f')", "[i for i in x]", "np.__dict__"]:
            with self.assertRaises((ValueError, SyntaxError), msg=source):
                edgegrad.Expression(source)


if __name__ == "__main__":
    unittest.main()
