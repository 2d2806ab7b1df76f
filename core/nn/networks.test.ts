/**
 * Both networks against the book's numpy code (fixtures/generate_nn.py, tiny seeded nets):
 * the float64 reference within 1e-12 relative (np.dot's BLAS summation order differs), the
 * float32 fast path within 1e-5 relative + 1e-6 absolute, and every analytic gradient against
 * the numerical gradient.
 */
import { describe, expect, it } from "vitest";
import { expectClose } from "../../test/helpers/expect-close";
import { loadFixture } from "../../test/helpers/fixtures";
import { gradient } from "./gradient";
import { evaluate } from "./metrics";
import { type Network, validateNetwork } from "./network";
import { numericalNetworkGradient } from "./numerical";
import { forward, predict } from "./predict";
import { referenceForward, referenceGradient, referenceInputs } from "./reference";

interface Case {
  arch: "simple" | "two-layer";
  activation: "sigmoid" | "relu" | null;
  params: Record<string, { shape: number[]; data: number[] }>;
  u8: number[];
  x: number[];
  rows: number;
  cols: number;
  labels: number[];
  y: number[];
  loss: number;
  grads: Record<string, number[]>;
  numerical_grads: Record<string, number[]>;
  accuracy: number;
}
const { cases } = loadFixture<Case[]>("nn-networks");
const TINY = { inputSize: null, outputSize: null };

function net(c: Case, kind: "f64" | "f32"): Network {
  const params: Network["params"] = {};
  for (const [k, v] of Object.entries(c.params))
    params[k] = { shape: v.shape, data: kind === "f64" ? Float64Array.from(v.data) : Float32Array.from(v.data) };
  return { arch: c.arch, ...(c.activation ? { activation: c.activation } : {}), params };
}
const name = (c: Case) =>
  `${c.arch}${c.activation ? " " + c.activation : ""}${c.params.b || c.params.b1 ? "" : " without b"}`;

describe.each(cases.map((c) => [name(c), c] as const))("%s", (_n, c) => {
  const u8 = { data: Uint8Array.from(c.u8), rows: c.rows, cols: c.cols };
  const x32 = { data: Float32Array.from(c.x), rows: c.rows, cols: c.cols };

  it("the float64 reference matches numpy (1e-12)", () => {
    const x = referenceInputs(u8);
    expectClose(x, c.x, { bitwise: true }); // uint8 scaling is load_mnist's float32 p/255
    const n = net(c, "f64");
    validateNetwork(n, TINY);
    expectClose(referenceForward(n, x, c.rows).y, c.y, { rtol: 1e-12 });
    const g = referenceGradient(n, x, c.labels, c.rows);
    expectClose(g.loss, c.loss, { rtol: 1e-12 });
    expect(Object.keys(g.grads).sort()).toEqual(Object.keys(c.grads).sort());
    for (const k of Object.keys(c.grads)) expectClose(g.grads[k], c.grads[k], { rtol: 1e-12, atol: 1e-15 });
  });

  it("the float32 fast path matches numpy (rtol 1e-5, atol 1e-6)", () => {
    for (const input of [u8, x32]) {
      expectClose(forward(net(c, "f32"), input), c.y, { rtol: 1e-5, atol: 1e-6 });
      const g = gradient(net(c, "f32"), input, c.labels);
      expectClose(g.loss, c.loss, { rtol: 1e-5 });
      for (const k of Object.keys(c.grads)) expectClose(g.grads[k], c.grads[k], { rtol: 1e-5, atol: 1e-6 });
    }
    const e = evaluate(net(c, "f32"), u8, c.labels);
    expect(e.accuracy).toBe(c.accuracy);
    expectClose(e.loss, c.loss, { rtol: 1e-5 });
  });

  it("uint8 rows and float32 rows give identical results", () => {
    expect(Array.from(forward(net(c, "f32"), u8))).toEqual(Array.from(forward(net(c, "f32"), x32)));
  });

  it("analytic gradients agree with the numerical gradient (and with numpy's numerical gradient)", () => {
    const n = net(c, "f64");
    const x = referenceInputs(u8);
    const num = numericalNetworkGradient(n, x, c.labels, c.rows);
    const ana = referenceGradient(n, x, c.labels, c.rows);
    for (const k of Object.keys(c.grads)) {
      // Central differences (h = 1e-4) err by ~h^2 f'''/6, and the loss has the book's delta:
      // d/dy log(y + 1e-7) differs from the analytic 1/y by a factor delta/y (1e-3 when y = 1e-4).
      expectClose(ana.grads[k], num.grads[k], { rtol: 5e-3, atol: 1e-6 });
      expectClose(num.grads[k], c.numerical_grads[k], { rtol: 1e-6, atol: 1e-9 });
    }
    // the parameters were restored after every perturbation
    expect(Array.from(n.params[Object.keys(n.params)[0]].data)).toEqual(c.params[Object.keys(n.params)[0]].data);
  });

  it("predict returns the argmax and its probabilities", () => {
    const p = predict(net(c, "f32"), u8);
    for (let r = 0; r < c.rows; r++) {
      const row = c.y.slice(r * p.classes, (r + 1) * p.classes);
      expect(p.labels[r]).toBe(row.indexOf(Math.max(...row)));
    }
  });
});

describe("validateNetwork", () => {
  const W = (r: number, c: number) => ({ shape: [r, c], data: new Float32Array(r * c) });
  const v = (n: number) => ({ shape: [n], data: new Float32Array(n) });
  it("accepts the MNIST shapes", () => {
    expect(validateNetwork({ arch: "simple", params: { W: W(784, 10) } })).toEqual({
      input: 784,
      hidden: 0,
      output: 10,
    });
    expect(
      validateNetwork({
        arch: "two-layer",
        activation: "relu",
        params: { W1: W(784, 50), b1: v(50), W2: W(50, 10), b2: v(10) },
      }).hidden,
    ).toBe(50);
  });
  it("names the param and the shapes", () => {
    expect(() =>
      validateNetwork({ arch: "two-layer", params: { W1: W(784, 50), b1: v(40), W2: W(50, 10), b2: v(10) } }),
    ).toThrow('validateNetwork: param "b1" has shape (40,), expected (50,)');
    expect(() => validateNetwork({ arch: "simple", params: { W: W(700, 10) } })).toThrow(
      /"W" has shape \(700, 10\), expected 784 input rows/,
    );
    expect(() => validateNetwork({ arch: "simple", params: { W: W(784, 10), W1: W(784, 10) } })).toThrow(
      /unexpected param "W1"/,
    );
    expect(() => validateNetwork({ arch: "two-layer", params: { W1: W(784, 50), b1: v(50), W2: W(50, 10) } })).toThrow(
      /missing param "b2"/,
    );
    expect(() =>
      validateNetwork({ arch: "two-layer", params: { W1: W(784, 50), b1: v(50), W2: W(50, 9), b2: v(9) } }),
    ).toThrow(/"W2" has shape \(50, 9\), expected \(50, 10\)/);
    expect(() => validateNetwork({ arch: "cnn" as "simple", params: {} })).toThrow(RangeError);
    expect(() =>
      validateNetwork({ arch: "simple", params: { W: { shape: [784, 10], data: new Float32Array(5) } } }),
    ).toThrow(/5 values for shape \(784, 10\)/);
    const bad = W(784, 10);
    bad.data[3] = NaN;
    expect(() => validateNetwork({ arch: "simple", params: { W: bad } })).toThrow(/non-finite/);
  });
  it("rejects inputs of the wrong width and bad labels", () => {
    const n: Network = { arch: "simple", params: { W: W(784, 10) } };
    expect(() => forward(n, { data: new Uint8Array(700), rows: 1, cols: 700 })).toThrow(RangeError);
    expect(() => evaluate(n, { data: new Uint8Array(784), rows: 1, cols: 784 }, [10])).toThrow(/label 10/);
  });
});
