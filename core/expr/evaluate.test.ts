import { describe, expect, it } from "vitest";
import type { NDArray } from "../ndarray";
import { compileArray, compileScalar, ExpressionError, evaluate, parseExpression, usesIndexing } from "./index";

const arr = (data: number[], shape = [data.length]): NDArray => ({ data: Float64Array.from(data), shape });
const ev = (src: string, x: number | NDArray) => evaluate(parseExpression(src), { x });

describe("evaluation semantics", () => {
  it("broadcasts scalars, equal shapes and (n,) against (m, n)", () => {
    const m = arr([1, 2, 3, 4, 5, 6], [2, 3]);
    const got = ev("x + x[0]", m) as NDArray;
    expect(got.shape).toEqual([2, 3]);
    expect(Array.from(got.data)).toEqual([1 + 1, 2 + 2, 3 + 3, 4 + 1, 5 + 2, 6 + 3]);
    expect(() => ev("x + x[0, 1:]", m)).toThrow(/could not be broadcast together with shapes \(2, 3\) \(2,\)/);
  });

  it("an index out of range is a RangeError naming the index, axis and shape", () => {
    expect(() => ev("x[2]", arr([1, 2]))).toThrow(RangeError);
    expect(() => ev("x[2]", arr([1, 2]))).toThrow("index 2 is out of bounds for axis 0 with size 2 (x has shape (2,))");
    expect(() => ev("x[-3]", arr([1, 2]))).toThrow("index -3 is out of bounds for axis 0 with size 2");
    expect(() => ev("x[0, 0]", arr([1, 2]))).toThrow(
      "too many indices for x: array of shape (2,) is 1-dimensional, but 2 were indexed",
    );
  });

  it("a 0-d array is a scalar", () => {
    expect(ev("x*2", { data: Float64Array.of(3), shape: [] })).toBe(6);
  });

  it("needs every variable in the scope, found as an own property only", () => {
    const e = parseExpression("x + t", { variables: ["x", "t"] });
    expect(() => evaluate(e, { x: 1 })).toThrow("evaluate: no value given for variable 't'");
    const c = parseExpression("constructor + 1", { variables: ["constructor"] });
    expect(() => evaluate(c, {})).toThrow(TypeError);
    expect(evaluate(c, { constructor: 2 })).toBe(3);
    expect(() => evaluate(parseExpression("x"), { x: "1" as unknown as number })).toThrow(TypeError);
  });

  it("does not mutate its inputs", () => {
    const x = arr([1, -2, 3]);
    ev("np.sum(-x**2) + np.max(x[::-1])", x);
    expect(Array.from(x.data)).toEqual([1, -2, 3]);
  });

  it("math.* takes scalars only and raises Python's math errors as RangeError", () => {
    expect(() => ev("math.exp(x)", arr([1, 2]))).toThrow(
      "math.exp only accepts a number, got an array of shape (2,); use np.exp for arrays",
    );
    expect(() => ev("math.sqrt(x)", -1)).toThrow("math.sqrt(-1): math domain error");
    expect(() => ev("math.log(x)", 0)).toThrow("math.log(0): math domain error");
    expect(() => ev("math.exp(x)", 1000)).toThrow("math.exp(1000): math range error");
  });

  it("the builtins follow Python: sum needs an iterable, max of arrays is ambiguous", () => {
    expect(() => ev("sum(x)", 1)).toThrow("sum(): a number is not iterable");
    expect(() => ev("max(x)", arr([1, 2, 3, 4], [2, 2]))).toThrow(/ambiguous/);
    expect(() => ev("max(x[0:0])", arr([1]))).toThrow("max() arg is an empty sequence");
    expect(() => ev("np.max(x[0:0])", arr([1]))).toThrow(/zero-size array/);
  });
});

describe("compileScalar / compileArray", () => {
  it("compileScalar refuses expressions that index x, with a clear message", () => {
    const e = parseExpression("x[0]**2");
    expect(usesIndexing(e)).toBe(true);
    expect(usesIndexing(parseExpression("np.sum(x**2)"))).toBe(false);
    expect(() => compileScalar(e)).toThrow(
      "x is a number here, so it cannot be indexed with [...]; this function expects an array x",
    );
  });

  it("compileArray requires a single number as the result", () => {
    const f = compileArray(parseExpression("x**2"));
    expect(() => f(arr([1, 2]))).toThrow(
      "f(x) must be a single number but gave an array of shape (2,); use e.g. np.sum(...) to reduce it",
    );
  });

  it("both refuse expressions over other variables", () => {
    const e = parseExpression("x*t", { variables: ["x", "t"] });
    expect(() => compileScalar(e)).toThrow("compileScalar: the expression uses x, t but only x is given");
  });

  it("compiled closures agree with evaluate", () => {
    const sources = [
      "0.01*x**2 + 0.1*x",
      "np.exp(-x)*np.sin(3*x)",
      "x // 0.3 + x % 0.7",
      "2**x - x**3",
      "np.tanh(x)**2",
    ];
    for (const s of sources) {
      const e = parseExpression(s);
      const f = compileScalar(e);
      for (let x = -5; x <= 5; x += 0.37) expect(Object.is(f(x), evaluate(e, { x }))).toBe(true);
    }
  });
});

describe("attacks: no property access, no JavaScript reachable, bounded work", () => {
  it.each([
    "x.__proto__",
    "x.constructor",
    "constructor",
    "__proto__",
    "toString",
    "valueOf",
    "hasOwnProperty",
    "globalThis",
    "process",
    "this",
    "eval(x)",
    "Function(x)",
    "np.__class__",
    "np.constructor",
    "np.__proto__",
    "np.toString",
    "numpy.prototype",
    "math.constructor",
    "np.exp.call(x)",
    "np.exp.constructor",
    "x['constructor']",
    'x["__proto__"]',
    "(x).constructor",
    "np.pi.constructor",
    "import os",
    "__import__('os')",
    "lambda: x",
    "[x for x in x]",
    "{x}",
    "{'a': 1}",
    "x if x else x",
    "not x",
    "x and x",
    "`x`",
    "x;1",
    "x\\n1",
    "np.sum(x)[0].real",
    "abs.__call__(x)",
    "sum.__self__",
    "\u0078.constructor",
    "x\u200b",
  ])("%s is refused at parse time", (src) => {
    expect(() => parseExpression(src)).toThrow(ExpressionError);
  });

  it("exponent towers stay bounded work and give inf", () => {
    const f = compileScalar(parseExpression("x**x**x**x**x**x**x**x**x"));
    expect(f(2)).toBe(Infinity);
    const g = compileArray(parseExpression("np.sum(x**x**x**x**x**x**x**x**x)"));
    expect(g(arr(Array(1000).fill(3)))).toBe(Infinity);
  });

  it("division by zero gives inf or nan like numpy, never an exception", () => {
    expect(ev("1/x", 0)).toBe(Infinity);
    expect(ev("-1/x", 0)).toBe(-Infinity);
    expect(ev("x/x", 0)).toBeNaN();
    expect(ev("1//x", 0)).toBe(Infinity);
    expect(ev("1 % x", 0)).toBeNaN();
    expect(ev("x**-1", 0)).toBe(Infinity);
  });
});

describe("broadcasting never grows past its larger operand", () => {
  it("refuses outer products such as x * x[:, 0], whose work grows with a power of x's size", () => {
    const x = { data: new Float64Array(6), shape: [6, 1] };
    const outer = parseExpression("np.sum(x * x[:, 0])");
    expect(() => evaluate(outer, { x })).toThrow(
      /broadcasting shapes \(6, 1\) and \(6,\) would make an array of 36 elements/,
    );
  });

  it("still broadcasts a row or a column against a matrix, and scalars against anything", () => {
    const m = { data: Float64Array.from([1, 2, 3, 4, 5, 6]), shape: [2, 3] };
    expect(evaluate(parseExpression("np.sum(x * x[0])"), { x: m })).toBe(1 * 1 + 2 * 2 + 3 * 3 + 4 * 1 + 5 * 2 + 6 * 3);
    expect(evaluate(parseExpression("np.sum(2 * x)"), { x: m })).toBe(42);
  });
});
