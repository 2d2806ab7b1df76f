import { describe, expect, it } from "vitest";
import { isClose } from "../grading/tolerance";
import { compileScalar, derivative, evaluate, parseExpression } from "./index";

// The symbolic derivative checked against a central difference of the function itself.
// Richardson extrapolation of two central differences has error O(h^4), so a loose
// tolerance still catches any wrong rule.
function numericalDerivative(f: (x: number) => number, x: number): number {
  const h = 1e-3 * Math.max(1, Math.abs(x));
  const d1 = (f(x + h) - f(x - h)) / (2 * h);
  const d2 = (f(x + h / 2) - f(x - h / 2)) / h;
  return (4 * d2 - d1) / 3;
}

const CASES: [string, number, number][] = [
  ["0.01*x**2 + 0.1*x", -20, 20],
  ["x**2", -5, 5],
  ["-x**2", -5, 5],
  ["x**3 - 2*x", -3, 3],
  ["x**-2", 0.2, 5],
  ["x**0.5", 0.1, 9],
  ["x**1.5", 0.1, 9],
  ["2**x", -3, 3],
  ["x**x", 0.2, 3],
  ["np.e**(-x)", -3, 3],
  ["(x**2 + 1)**-0.5", -3, 3],
  ["1/x", 0.2, 5],
  ["(x + 1)/(x**2 + 1)", -3, 3],
  ["x/3", -3, 3],
  ["3/x", 0.5, 4],
  ["np.exp(x)", -3, 3],
  ["np.exp(-x**2/2)", -3, 3],
  ["np.log(x)", 0.1, 10],
  ["np.log(1 + x**2)", -3, 3],
  ["np.log2(x)", 0.1, 10],
  ["np.log10(x)", 0.1, 10],
  ["np.sin(x)", -6, 6],
  ["np.cos(3*x)", -3, 3],
  ["np.tan(x)", -1.2, 1.2],
  ["np.arctan(x)", -5, 5],
  ["np.sinh(x)", -3, 3],
  ["np.cosh(x)", -3, 3],
  ["np.tanh(x)", -3, 3],
  ["np.sqrt(x)", 0.1, 9],
  ["np.abs(x)", 0.1, 5],
  ["abs(x - 10)", -5, 5],
  ["np.square(np.sin(x))", -3, 3],
  ["1/(1 + np.exp(-x))", -6, 6],
  ["np.sum(x**2)", -3, 3],
  ["np.mean(3*x)", -3, 3],
  ["np.max(np.sin(x))", -3, 3],
  ["np.dot(x, x)", -3, 3],
  ["pow(x, 3)", -3, 3],
  ["np.power(x, x)", 0.2, 3],
  ["math.exp(math.sin(x))", -3, 3],
  ["math.sqrt(x)*math.log(x)", 0.2, 5],
  ["np.sin(x)**2 + np.cos(x)**2", -3, 3],
  ["x*np.exp(-x)*np.sin(x)", -3, 3],
  ["-(-x)**3", -3, 3],
  ["x**x**x", 0.5, 1.5],
  ["np.pi*x**2", -3, 3],
];

describe("derivative: symbolic d/dx agrees with the numerical derivative", () => {
  it.each(CASES)("d/dx %s on [%d, %d]", (src, lo, hi) => {
    const e = parseExpression(src);
    const d = derivative(e);
    expect(d, "derivative available").not.toBeNull();
    const f = compileScalar(e),
      df = compileScalar(d!);
    for (let k = 0; k <= 40; k++) {
      const x = lo + ((hi - lo) * k) / 40 + 1e-3; // off the kinks of abs at integers
      const want = numericalDerivative(f, x);
      expect(isClose(df(x), want, { rtol: 1e-6, atol: 1e-7 }, true), `${d!.source} at ${x}: ${df(x)} vs ${want}`).toBe(
        true,
      );
    }
  });

  it("prints simply for the book's function", () => {
    expect(derivative(parseExpression("0.01*x**2 + 0.1*x"))!.source).toBe("0.02*x + 0.1");
    expect(derivative(parseExpression("x**2"))!.source).toBe("2*x");
    expect(derivative(parseExpression("-x**2"))!.source).toBe("-2*x");
    expect(derivative(parseExpression("3"))!.source).toBe("0");
    expect(derivative(parseExpression("np.exp(2*x)"))!.source).toBe("2*np.exp(2*x)");
  });

  it("is a partial derivative when there are other variables", () => {
    const e = parseExpression("w*x**2 + b", { variables: ["x", "w", "b"] });
    const dx = derivative(e, "x")!,
      dw = derivative(e, "w")!,
      db = derivative(e, "b")!;
    const scope = { x: 1.5, w: -2, b: 7 };
    expect(evaluate(dx, scope)).toBe(2 * -2 * 1.5);
    expect(evaluate(dw, scope)).toBe(1.5 * 1.5);
    expect(evaluate(db, scope)).toBe(1);
    expect(() => derivative(e, "y")).toThrow(TypeError);
  });

  it("returns null where none is available", () => {
    for (const s of ["x[0]**2", "x // 2", "x % 1", "np.sign(x)", "np.maximum(x, 0)", "max(x, 0)", "sum(x)"]) {
      expect(derivative(parseExpression(s)), s).toBeNull();
    }
  });

  it("returns null when the result would be too large to be useful", () => {
    // the product rule on 250 factors prints ~250^2/2 terms, past 20 x maxNodes
    expect(derivative(parseExpression(Array(250).fill("x").join("*")))).toBeNull();
    expect(derivative(parseExpression(Array(20).fill("x").join("*")))).not.toBeNull();
  });
});
