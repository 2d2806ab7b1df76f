import { describe, expect, it } from "vitest";
import { Random } from "../random";
import { gradient } from "./gradient";
import { fastNumericalGradient, gradientCheck, meanAbsDiff } from "./gradient-check";
import { initNetwork } from "./init";
import { type Network, toFloat64 } from "./network";
import { numericalNetworkGradient } from "./numerical";

/** Rows of D pixels, about 60% of them 0 (as digits' background), the rest in (0, 1]. */
function inputs(rows: number, D: number, seed: number): Float64Array {
  const r = new Random(seed);
  return Float64Array.from({ length: rows * D }, () => (r.randint(5) < 3 ? 0 : (1 + r.randint(255)) / 255));
}

function net(
  arch: "simple" | "two-layer",
  D: number,
  H: number,
  C: number,
  activation: "sigmoid" | "relu",
  bias = true,
  std = 0.5,
): Network {
  const n = initNetwork(
    { arch, activation, inputSize: D, hiddenSize: H, outputSize: C, bias, weightInitStd: std },
    new Random(11),
  );
  const f64 = toFloat64(n);
  const r = new Random(12);
  for (const t of Object.values(f64.params))
    if (t.shape.length === 1) for (let i = 0; i < t.data.length; i++) t.data[i] = (r.randint(200) - 100) / 400;
  return f64;
}

describe("fastNumericalGradient", () => {
  const cases: [string, Network][] = [
    ["two-layer sigmoid", net("two-layer", 20, 6, 4, "sigmoid")],
    ["two-layer relu", net("two-layer", 20, 6, 4, "relu")],
    ["simple with b", net("simple", 20, 0, 5, "sigmoid")],
    ["simple without b", net("simple", 20, 0, 5, "sigmoid", false)],
  ];
  for (const [name, n] of cases) {
    it(`equals the full-forward numerical gradient bit for bit (${name})`, () => {
      const x = inputs(3, 20, 5);
      const labels = [1, 3, 0];
      const before = Object.fromEntries(Object.entries(n.params).map(([k, t]) => [k, Float64Array.from(t.data)]));
      const fast = fastNumericalGradient(n, x, labels, 3);
      const full = numericalNetworkGradient(n, x, labels, 3);
      expect(fast.loss).toBe(full.loss);
      for (const k of Object.keys(full.grads)) expect(Array.from(fast.grads[k])).toEqual(Array.from(full.grads[k]));
      for (const [k, t] of Object.entries(n.params)) expect(Array.from(t.data)).toEqual(Array.from(before[k])); // restored
    });
  }

  it("gives zero (exactly) for weights of pixels that are 0 in every sample", () => {
    const n = net("two-layer", 20, 6, 4, "sigmoid");
    const x = inputs(2, 20, 9);
    x[3] = 0;
    x[23] = 0;
    const g = fastNumericalGradient(n, x, [0, 1], 2).grads.W1;
    for (let j = 0; j < 6; j++) expect(g[3 * 6 + j]).toBe(0);
  });
});

describe("gradientCheck (the book's gradient_check.py)", () => {
  it("backprop and numerical gradients of a two-layer net differ by far less than 1e-6 for every parameter", () => {
    const n = net("two-layer", 30, 8, 10, "sigmoid", true, 0.01);
    const x = inputs(3, 30, 3);
    const labels = [7, 2, 9];
    const fast = gradient(n, { data: Float32Array.from(x), rows: 3, cols: 30 }, labels).grads;
    const r = gradientCheck(n, x, labels, 3, fast);
    expect(Object.keys(r.params)).toEqual(["W1", "b1", "W2", "b2"]);
    for (const p of Object.values(r.params)) {
      expect(p.meanAbsDiff).toBeLessThan(1e-6);
      expect(p.fastMeanAbsDiff).toBeLessThan(1e-6);
      expect(p.maxAbsDiff).toBeGreaterThanOrEqual(p.meanAbsDiff);
    }
  });

  it("catches a wrong backprop: a gradient off by 1e-3 in one weight shows in that parameter only", () => {
    const n = net("two-layer", 30, 8, 10, "sigmoid", true, 0.01);
    const x = inputs(3, 30, 3);
    const labels = [7, 2, 9];
    const fast = gradient(n, { data: Float32Array.from(x), rows: 3, cols: 30 }, labels).grads;
    fast.W2[5] += 1e-3;
    const r = gradientCheck(n, x, labels, 3, fast);
    expect(r.params.W2.fastMeanAbsDiff).toBeGreaterThan(1e-3 / 80 - 1e-7);
    expect(r.params.W1.fastMeanAbsDiff).toBeLessThan(1e-6);
  });

  it("meanAbsDiff is np.average(np.abs(a - b))", () => {
    expect(meanAbsDiff([1, -2, 3], [1.5, -2, 1])).toEqual({ mean: 2.5 / 3, max: 2 });
  });
});
