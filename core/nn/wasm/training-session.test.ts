/**
 * Training with the Wasm kernels' TrainingSession (weights, gradients and velocities resident in
 * Wasm memory; sparsify, forward, backward and the SGD update in Wasm) against the Trainer on the
 * TypeScript reference kernels, and the Wasm update kernel against core/nn/sgd-update.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { expectClose } from "../../../test/helpers/expect-close";
import { both } from "../../../test/helpers/kernel-parity";
import { Random } from "../../random";
import { getKernels, setKernels } from "../kernel-registry";
import { forward } from "../predict";
import { sgdUpdate } from "../sgd-update";
import { type LabeledSet, Trainer, TrainingDivergedError, type TrainOptions, train } from "../train";
import { createWasmKernels } from "./wasm-kernels";

const root = new URL("../../../", import.meta.url);
const read = (p: string) => new Uint8Array(readFileSync(new URL(p, root)));
const compile = WebAssembly.Module as unknown as new (bytes: Uint8Array) => WebAssembly.Module;
const module = new compile(read("core/nn/wasm/kernels.wasm"));
const kernels = createWasmKernels(module);
let set: LabeledSet;
let test: LabeledSet;

beforeAll(async () => {
  if (!existsSync(new URL("fixtures/mnist/test-images.u8", root))) {
    const { prepareData } = await import(/* @vite-ignore */ new URL("scripts/prepare-data.mjs", root).href);
    prepareData();
  }
  const images = read("fixtures/mnist/test-images.u8");
  const labels = read("fixtures/mnist/test-labels.u8");
  set = { x: { data: images.subarray(0, 1500 * 784), rows: 1500, cols: 784 }, t: labels.subarray(0, 1500) };
  test = { x: { data: images.subarray(1500 * 784, 2000 * 784), rows: 500, cols: 784 }, t: labels.subarray(1500, 2000) };
});

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0,
    diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
  }
  return diff / scale;
}

/** Documented in core/nn/wasm/README.md: each param within WEIGHT_RTOL of its largest reference value. */
const WEIGHT_RTOL = 1e-5; // measured <= 3e-7 after 300 steps of each recipe below
const LOSS_RTOL = 1e-5; // every step's loss; measured <= 3e-7

function expectSameRun(o: TrainOptions, data: () => LabeledSet = () => set): void {
  const { ts, fast } = both(kernels, () => train(data(), test, o));
  expect(fast.steps).toBe(ts.steps);
  for (const k of Object.keys(ts.network.params)) {
    const rel = maxRelDiff(fast.network.params[k].data, ts.network.params[k].data);
    if (!(rel <= WEIGHT_RTOL)) expect.fail(`${k}: max |wasm - ts| is ${rel} x max |ts|`);
  }
  for (let i = 0; i < ts.lossHistory.length; i++)
    expect(Math.abs(fast.lossHistory[i] - ts.lossHistory[i])).toBeLessThanOrEqual(LOSS_RTOL * ts.lossHistory[i]);
  const e = ts.evals.at(-1)!,
    f = fast.evals.at(-1)!;
  expect(Math.abs(f.testAccuracy! - e.testAccuracy!)).toBeLessThanOrEqual(0.002);
  expect(Math.abs(f.trainAccuracy - e.trainAccuracy)).toBeLessThanOrEqual(0.002);
}

describe("the Wasm update kernel equals core/nn/sgd-update.ts bit for bit", () => {
  const ex = new WebAssembly.Instance(module, {}).exports as unknown as {
    memory: WebAssembly.Memory;
    sgdUpdate(w: number, g: number, v: number, n: number, lr: number, m: number, d: number): number;
  };
  const rng = new Random(11);
  for (const n of [1, 3, 4, 10, 50, 39200, 39203]) {
    for (const [m, decay] of [
      [0, 0],
      [0.9, 0],
      [0, 1e-3],
      [0.5, 0.1],
    ]) {
      it(`${n} values, momentum ${m}, decay ${decay}`, () => {
        const w = Float32Array.from({ length: n }, () => (rng.random() - 0.5) * 0.1);
        const g = Float64Array.from({ length: n }, () => (rng.random() - 0.5) * 1e-3);
        const v = m > 0 ? Float64Array.from({ length: n }, () => (rng.random() - 0.5) * 1e-4) : null;
        if (n >= 4) {
          w[0] = -0;
          g[0] = -0;
          w[1] = 0;
          g[2] = -0;
          w[3] = 3e38;
        } // signed zeros and a large weight
        const [pw, pg, pv] = [1 << 16, 1 << 20, 1 << 21];
        new Float32Array(ex.memory.buffer, pw, n).set(w);
        new Float64Array(ex.memory.buffer, pg, n).set(g);
        if (v) new Float64Array(ex.memory.buffer, pv, n).set(v);
        const sum = ex.sgdUpdate(pw, pg, v ? pv : 0, n, 0.1, m, decay);
        const ref = sgdUpdate(w, g, v, 0.1, m, decay);
        expectClose(new Float32Array(ex.memory.buffer, pw, n), w, { bitwise: true });
        if (v) expectClose(new Float64Array(ex.memory.buffer, pv, n), v, { bitwise: true });
        expect(Number.isFinite(sum)).toBe(Number.isFinite(ref));
        expect(Math.abs(sum - ref)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ref)));
      });
    }
  }

  it("non-finite weights give a non-finite sum", () => {
    const w = new Float32Array(ex.memory.buffer, 1 << 16, 9);
    const g = new Float64Array(ex.memory.buffer, 1 << 20, 9);
    w.fill(1);
    g.fill(0);
    g[6] = -1e300; // 1 + 0.1e300 overflows float32
    expect(ex.sgdUpdate(w.byteOffset, g.byteOffset, 0, 9, 0.1, 0, 0)).toBe(Infinity);
    w.fill(1);
    g.fill(0);
    g[2] = NaN;
    expect(ex.sgdUpdate(w.byteOffset, g.byteOffset, 0, 9, 0.1, 0, 0)).toBeNaN();
  });
});

describe("training with the Wasm kernels (resident TrainingSession)", () => {
  it("keeps the weights in Wasm memory, leaves the initial network untouched, and is bit-identical on rerun", () => {
    const initial = train(set, null, { arch: "two-layer", steps: 1, seed: 2, evalEvery: 0 }).network;
    const before = Array.from(initial.params.W1.data);
    const o: TrainOptions = { arch: "two-layer", steps: 200, seed: 9, evalEvery: 0, initial };
    const previous = getKernels();
    setKernels(kernels);
    try {
      const trainer = new Trainer(set, test, o);
      expect(trainer.network.params.W1.data.buffer.byteLength).toBe(16 << 20); // a view on Wasm memory
      while (!trainer.done) trainer.step();
      const again = train(set, test, o);
      for (const k of Object.keys(again.network.params))
        expectClose(trainer.network.params[k].data, again.network.params[k].data, { bitwise: true });
      expect(trainer.lossHistory).toEqual(again.lossHistory);
      expect(Array.from(initial.params.W1.data)).toEqual(before);
    } finally {
      setKernels(previous);
    }
  });

  it("the book's recipe (sigmoid, batch 100, lr 0.1) reaches the TypeScript kernels' weights", () => {
    expectSameRun({ arch: "two-layer", steps: 300, seed: 5, evalEvery: 100 });
  });

  it("relu, momentum, weight decay, cosine schedule, epoch shuffle and shifted digits", () => {
    expectSameRun({
      arch: "two-layer",
      activation: "relu",
      steps: 300,
      seed: 6,
      evalEvery: 0,
      momentum: 0.9,
      weightDecay: 1e-3,
      lrSchedule: "cosine",
      learningRate: 0.05,
      sampling: "epoch-shuffle",
      shift: 2,
    });
  });

  it("the simple architecture, with and without bias; float32 and float64 rows", () => {
    expectSameRun({ arch: "simple", steps: 200, seed: 7, evalEvery: 0, momentum: 0.5 });
    expectSameRun({ arch: "simple", bias: false, steps: 100, seed: 8, evalEvery: 0, weightDecay: 1e-2 });
    const f32 = () => ({
      x: { data: Float32Array.from(set.x.data, (p) => p / 255), rows: set.x.rows, cols: 784 },
      t: set.t,
    });
    const f64 = () => ({
      x: { data: Float64Array.from(set.x.data, (p) => Math.fround(p / 255)), rows: set.x.rows, cols: 784 },
      t: set.t,
    });
    expectSameRun(
      { arch: "two-layer", hiddenSize: 13, batchSize: 37, steps: 100, seed: 10, evalEvery: 0, learningRate: 0.3 },
      f32,
    );
    expectSameRun(
      { arch: "two-layer", hiddenSize: 13, batchSize: 37, steps: 100, seed: 10, evalEvery: 0, learningRate: 0.3 },
      f64,
    );
  });

  it("nets the kernels decline (hidden 3) train on the TypeScript path, bit-equal", () => {
    const { ts, fast } = both(kernels, () =>
      train(set, null, { arch: "two-layer", hiddenSize: 3, steps: 50, seed: 1, evalEvery: 0 }),
    );
    for (const k of Object.keys(ts.network.params))
      expectClose(fast.network.params[k].data, ts.network.params[k].data, { bitwise: true });
  });

  it("divergence stops at the same step with the same error", () => {
    const o: TrainOptions = {
      arch: "two-layer",
      activation: "relu",
      steps: 100,
      seed: 3,
      evalEvery: 0,
      learningRate: 1e6,
    };
    const r = both(kernels, () => {
      try {
        train(set, null, o);
        return null;
      } catch (e) {
        return e as TrainingDivergedError;
      }
    });
    expect(r.ts).toBeInstanceOf(TrainingDivergedError);
    expect(r.fast).toBeInstanceOf(TrainingDivergedError);
    expect(r.fast!.step).toBe(r.ts!.step);
    const inf = both(kernels, () => {
      try {
        train(set, null, { ...o, learningRate: 1e30, divergenceFactor: 0 });
        return null;
      } catch (e) {
        return e as TrainingDivergedError;
      }
    });
    expect(inf.ts).toBeInstanceOf(TrainingDivergedError);
    expect(inf.fast).toBeInstanceOf(TrainingDivergedError);
    expect(inf.ts!.reason).toMatch(/not finite/);
    expect(inf.fast!.reason).toBe(inf.ts!.reason);
    expect(inf.fast?.step).toBe(inf.ts?.step);
  });
});

describe("resident networks", () => {
  it("are deeply frozen copies, and predicting with them equals predicting with the original bit for bit", () => {
    const initial = train(set, null, { arch: "two-layer", activation: "relu", steps: 20, seed: 2, evalEvery: 0 })
      .network as import("../network").Network32;
    const resident = kernels.resident(initial);
    expect(
      Object.isFrozen(resident) && Object.isFrozen(resident.params) && Object.isFrozen(resident.params.W1.shape),
    ).toBe(true);
    expect(() => {
      (resident.params.W1 as { shape: number[] }).shape = [1, 1];
    }).toThrow(TypeError);
    const x = { data: set.x.data.subarray(0, 30 * 784), rows: 30, cols: 784 };
    const a = both(kernels, () => forward(resident, x)).fast;
    const b = both(kernels, () => forward(initial, x)).fast;
    expectClose(a, b, { bitwise: true });
    expect(() => both(kernels, () => forward(resident, { data: new Uint8Array(16), rows: 1, cols: 16 }))).toThrow(
      /expected 16 input rows|784/,
    );
  });
});
