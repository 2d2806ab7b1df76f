import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decode, ulpDistance } from "../../test/helpers/expr";
import { isClose } from "../grading/tolerance";
import type { NDArray } from "../ndarray";
import type { Value } from "./index";
import { compileArray, compileScalar, evaluate, parseExpression } from "./index";

// Every case of fixtures/reference/expressions.json (written by fixtures/generate_expr.py)
// evaluated here and compared with numpy at the case's tier.

type Encoded = number | string;
type Result = Encoded | { shape: number[]; data: Encoded[] } | { error: string };
interface Case {
  expr: string;
  kind: "scalar" | "array";
  tier: "exact" | "scalar-square" | "approx";
  inputs: unknown[];
  results: Result[];
}

// Python's exception for the same mistake -> the JavaScript error class core throws.
const ERROR_CLASS: Record<string, (e: unknown) => boolean> = {
  // out of bounds -> RangeError; indexing a number (x[1][2] on a vector) -> TypeError
  IndexError: (e) => e instanceof RangeError || e instanceof TypeError,
  ValueError: (e) => e instanceof RangeError || e instanceof TypeError,
  OverflowError: (e) => e instanceof RangeError,
  TypeError: (e) => e instanceof TypeError,
};

function agree(actual: number, expected: number, tier: Case["tier"]): boolean {
  if (tier === "exact") return Object.is(actual, expected);
  if (tier === "scalar-square") return Object.is(actual, expected) || ulpDistance(actual, expected) <= 1;
  return isClose(actual, expected, { rtol: 1e-13, atol: 1e-13 }, true);
}

function check(c: Case, label: string, run: () => Value, want: Result): void {
  if (typeof want === "object" && "error" in want) {
    let thrown: unknown = null;
    try {
      run();
    } catch (e) {
      thrown = e;
    }
    expect(thrown, `${label}: numpy raised ${want.error}`).not.toBeNull();
    expect(ERROR_CLASS[want.error](thrown), `${label}: ${String(thrown)} for ${want.error}`).toBe(true);
    return;
  }
  const got = run();
  if (typeof want === "object") {
    expect(typeof got, label).toBe("object");
    const arr = got as NDArray;
    expect(arr.shape, label).toEqual(want.shape);
    want.data.forEach((w, i) => {
      const e = decode(w);
      expect(agree(arr.data[i], e, c.tier), `${label}[${i}]: got ${arr.data[i]}, numpy ${e}`).toBe(true);
    });
    return;
  }
  expect(typeof got, label).toBe("number");
  const e = decode(want);
  expect(agree(got as number, e, c.tier), `${label}: got ${String(got)}, numpy ${e}`).toBe(true);
}

// Read with JSON.parse rather than a JSON import: the bundler's JSON transform loses -0.0.
const ref = JSON.parse(readFileSync(new URL("../../fixtures/reference/expressions.json", import.meta.url), "utf8"));
const cases = ref.cases as Case[];

describe("expressions agree with numpy (fixtures/generate_expr.py)", () => {
  it("has cases of every kind and tier", () => {
    const kinds = new Set(cases.map((c) => `${c.kind}/${c.tier}`));
    expect([...kinds].sort()).toEqual([
      "array/approx",
      "array/exact",
      "array/scalar-square",
      "scalar/approx",
      "scalar/exact",
    ]);
  });

  for (const c of cases.filter((k) => k.kind === "scalar")) {
    it(`scalar: ${c.expr}`, () => {
      const expr = parseExpression(c.expr);
      const f = compileScalar(expr);
      c.inputs.forEach((raw, i) => {
        const x = decode(raw as Encoded);
        check(c, `${c.expr} at x=${x} (compiled)`, () => f(x), c.results[i]);
        check(c, `${c.expr} at x=${x} (evaluate)`, () => evaluate(expr, { x }), c.results[i]);
      });
    });
  }

  for (const c of cases.filter((k) => k.kind === "array")) {
    it(`array: ${c.expr}`, () => {
      const expr = parseExpression(c.expr);
      c.inputs.forEach((raw, i) => {
        const inp = raw as { name: string; shape: number[]; data: Encoded[] };
        const x: NDArray = { data: Float64Array.from(inp.data, decode), shape: inp.shape };
        check(c, `${c.expr} on ${inp.name}`, () => evaluate(expr, { x }), c.results[i]);
        const want = c.results[i];
        if (typeof want !== "object" || "error" in want) {
          const f = compileArray(expr);
          check(c, `${c.expr} on ${inp.name} (compiled)`, () => f(x), want);
        }
      });
    });
  }
});

describe("the book's printed results, reproduced exactly", () => {
  const runs = ref.book_runs;
  it("numerical_diff(0.01*x**2 + 0.1*x) at 5 and 10", () => {
    const f = compileScalar(parseExpression(runs.numerical_diff.expr));
    const h = runs.numerical_diff.h;
    const got = runs.numerical_diff.at.map((x: number) => (f(x + h) - f(x - h)) / (2 * h));
    expect(got).toEqual(runs.numerical_diff.results);
  });

  it("gradient_descent(x[0]**2 + x[1]**2, [-3, 4], lr=0.1, 100 steps)", () => {
    const g = runs.gradient_descent;
    const f = compileArray(parseExpression(g.expr));
    const x: NDArray = { data: Float64Array.from(g.init), shape: [2] };
    for (let s = 0; s < g.steps; s++) {
      const grad = new Float64Array(2);
      for (let i = 0; i < 2; i++) {
        const t = x.data[i];
        x.data[i] = t + g.h;
        const a = f(x);
        x.data[i] = t - g.h;
        const b = f(x);
        grad[i] = (a - b) / (2 * g.h);
        x.data[i] = t;
      }
      for (let i = 0; i < 2; i++) x.data[i] -= g.lr * grad[i];
    }
    expect(Array.from(x.data)).toEqual(g.result);
  });
});
