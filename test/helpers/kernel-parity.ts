/**
 * Parity of an installed FastKernels set (the Wasm SIMD kernels) with the TypeScript reference
 * kernels, shared by the Node test (core/nn/wasm/wasm-kernels.test.ts) and the workerd test
 * (test/worker/wasm-kernels.test.ts) so both runtimes check the same things.
 *
 * The documented tolerance (core/nn/wasm/README.md):
 *   probabilities  |wasm - ts| <= 1e-5 absolute (float32 sums in SIMD order vs float64 sums)
 *   labels         identical wherever the reference's top two probabilities differ by > 2e-5
 *   loss           |wasm - ts| <= 1e-5 relative
 *   gradients      numpy.isclose with rtol 1e-4, atol 1e-7 (backward is bit-equal given equal
 *                  forward values; the difference comes from the forward only)
 */
import { expect } from "vitest";
import { createGradients, gradient, gradientSparse } from "../../core/nn/gradient";
import { initNetwork } from "../../core/nn/init";
import { type FastKernels, getKernels, setKernels } from "../../core/nn/kernel-registry";
import type { Network, Network32 } from "../../core/nn/network";
import { forward, predict } from "../../core/nn/predict";
import { type Batch, toSparseRows } from "../../core/nn/sparse-rows";
import { createWorkspace } from "../../core/nn/workspace";
import { Random } from "../../core/random";
import { expectClose } from "./expect-close";

export const PROB_ATOL = 1e-5;
export const LABEL_MARGIN = 2e-5;
export const LOSS_RTOL = 1e-5;
export const GRAD_TOL = { rtol: 1e-4, atol: 1e-7 };

export interface Digits {
  images: Uint8Array; // n x 784
  labels: Uint8Array;
}

/** Runs fn with the TypeScript kernels, then with `kernels`, restoring what was installed. */
export function both<T>(kernels: FastKernels, fn: () => T): { ts: T; fast: T } {
  const before = getKernels();
  try {
    setKernels(null);
    const ts = fn();
    setKernels(kernels);
    const fast = fn();
    return { ts, fast };
  } finally {
    setKernels(before);
  }
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Probabilities within PROB_ATOL and labels equal except at near-ties of the reference. */
export function expectSamePredictions(kernels: FastKernels, net: Network, x: Batch): void {
  const { ts, fast } = both(kernels, () => predict(net, x));
  expect(maxAbsDiff(fast.probabilities, ts.probabilities)).toBeLessThanOrEqual(PROB_ATOL);
  const C = ts.classes;
  let compared = 0;
  for (let r = 0; r < x.rows; r++) {
    const p = Array.from(ts.probabilities.subarray(r * C, (r + 1) * C)).sort((a, b) => b - a);
    if (p[0] - p[1] <= LABEL_MARGIN) continue;
    compared++;
    if (fast.labels[r] !== ts.labels[r]) expect.fail(`row ${r}: label ${fast.labels[r]} vs reference ${ts.labels[r]}`);
  }
  expect(compared).toBeGreaterThan(x.rows * 0.9);
}

export function expectSameGradients(kernels: FastKernels, net: Network, x: Batch, labels: Uint8Array): void {
  const { ts, fast } = both(kernels, () => gradient(net, x, labels));
  expect(Math.abs(fast.loss - ts.loss)).toBeLessThanOrEqual(LOSS_RTOL * ts.loss);
  for (const name of Object.keys(ts.grads)) expectClose(fast.grads[name], ts.grads[name], GRAD_TOL);
}

const batch = (d: Digits, first: number, rows: number): Batch => ({
  data: d.images.subarray(first * 784, (first + rows) * 784),
  rows,
  cols: 784,
});

function randomNet(
  arch: "simple" | "two-layer",
  hidden: number,
  classes: number,
  activation: "relu" | "sigmoid",
  seed: number,
): Network32 {
  const rng = new Random(seed);
  const net = initNetwork({ arch, activation, hiddenSize: hidden, outputSize: classes, init: "xavier" }, rng);
  for (const [name, t] of Object.entries(net.params))
    if (name.startsWith("b")) t.data.forEach((_, i) => (t.data[i] = rng.random() - 0.5));
  return net;
}

/** The parity cases, as [name, run] pairs for `it`. */
export function parityCases(
  kernels: FastKernels,
  digits: () => Digits,
  models: () => { relu: Network32; simple: Network32 },
): [string, () => void][] {
  return [
    [
      "default two-layer relu model: 2,000 uint8 digits",
      () => expectSamePredictions(kernels, models().relu, batch(digits(), 0, 2000)),
    ],
    [
      "default model as sigmoid: 1,100 digits (chunk boundary 512)",
      () => expectSamePredictions(kernels, { ...models().relu, activation: "sigmoid" }, batch(digits(), 0, 1100)),
    ],
    ["default simple model", () => expectSamePredictions(kernels, models().simple, batch(digits(), 0, 1000))],
    [
      "one digit, resident weights equal to copied weights bit for bit",
      () => {
        const net = models().relu;
        const x = batch(digits(), 7, 1);
        const { fast } = both(kernels, () => forward(net, x));
        const resident = kernels.resident(net);
        expect(resident.params.W1.data).not.toBe(net.params.W1.data);
        expect(Array.from(resident.params.W1.data)).toEqual(Array.from(net.params.W1.data));
        const { fast: fromResident } = both(kernels, () => forward(resident, x));
        expectClose(fromResident, fast, { bitwise: true });
        expectSamePredictions(kernels, resident, batch(digits(), 100, 300));
      },
    ],
    [
      "float32 and float64 rows equal uint8 rows / 255",
      () => {
        const d = digits();
        const x = batch(d, 0, 50);
        const f32 = new Float32Array(x.data.length).map((_, i) => x.data[i] / 255);
        const f64 = Float64Array.from(f32);
        const { fast: u8 } = both(kernels, () => forward(models().relu, x));
        const { fast: a } = both(kernels, () => forward(models().relu, { data: f32, rows: 50, cols: 784 }));
        const { fast: b } = both(kernels, () => forward(models().relu, { data: f64, rows: 50, cols: 784 }));
        expectClose(a, u8, { bitwise: true });
        expectClose(b, u8, { bitwise: true });
        expectSamePredictions(kernels, models().relu, { data: f64, rows: 50, cols: 784 });
      },
    ],
    [
      "widths not a multiple of 4 and wider than one pass (hidden 5, 7, 13, 50, 53, 101, 130; classes 4, 10, 17)",
      () => {
        const d = digits();
        let seed = 1;
        for (const hidden of [5, 7, 13, 50, 53, 101, 130]) {
          for (const classes of [4, 10, 17]) {
            for (const activation of ["relu", "sigmoid"] as const) {
              const net = randomNet("two-layer", hidden, classes, activation, seed++);
              expectSamePredictions(kernels, net, batch(d, 200, 60));
              expectSameGradients(
                kernels,
                net,
                batch(d, 300, 20),
                d.labels.subarray(300, 320).map((t) => t % classes),
              );
            }
          }
        }
        for (const classes of [4, 10, 17])
          expectSamePredictions(kernels, randomNet("simple", 1, classes, "relu", seed++), batch(d, 0, 40));
      },
    ],
    [
      "gradients of a batch of 100 (the book's TwoLayerNet.gradient), sigmoid and relu, and simple",
      () => {
        const d = digits();
        const x = batch(d, 500, 100);
        const t = d.labels.subarray(500, 600);
        expectSameGradients(kernels, { ...models().relu, activation: "sigmoid" }, x, t);
        expectSameGradients(kernels, models().relu, x, t);
        expectSameGradients(kernels, models().simple, x, t);
        expectSameGradients(kernels, kernels.resident(models().relu), x, t);
      },
    ],
    [
      "nets narrower than 4 units are declined and run on the TypeScript kernels (bit-equal)",
      () => {
        const d = digits();
        const net = randomNet("two-layer", 3, 10, "sigmoid", 99);
        const { ts, fast } = both(kernels, () => forward(net, batch(d, 0, 30)));
        expectClose(fast, ts, { bitwise: true });
        const ws = createWorkspace({ input: 784, hidden: 3, output: 10 }, 30);
        const sp = toSparseRows(batch(d, 0, 30));
        const g = both(kernels, () => {
          const grads = createGradients(net);
          return { loss: gradientSparse(net, sp, d.labels.subarray(0, 30), ws, grads), grads };
        });
        expect(g.fast.loss).toBe(g.ts.loss);
        for (const k of Object.keys(g.ts.grads)) expectClose(g.fast.grads[k], g.ts.grads[k], { bitwise: true });
      },
    ],
    [
      "an empty batch gives no rows",
      () => {
        const { fast } = both(kernels, () => forward(models().relu, { data: new Uint8Array(0), rows: 0, cols: 784 }));
        expect(fast.length).toBe(0);
      },
    ],
  ];
}
