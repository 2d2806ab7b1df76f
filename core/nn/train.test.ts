import { describe, expect, it } from "vitest";
import { Random } from "../random";
import { shiftImage } from "./augment";
import { estimateTrainingCost } from "./cost";
import { decodeModelFile, encodeModelFile } from "./model-file";
import { type LabeledSet, Trainer, TrainingDivergedError, train } from "./train";

/** A small separable problem: 4 classes, each lighting its own quarter of a 16-pixel row. */
function toy(n: number, seed: number): LabeledSet {
  const r = new Random(seed);
  const data = new Uint8Array(n * 16);
  const t = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = r.randint(4);
    for (let p = 0; p < 16; p++)
      data[i * 16 + p] = p >> 2 === t[i] ? 150 + r.randint(100) : r.randint(4) === 0 ? r.randint(80) : 0;
  }
  return { x: { data, rows: n, cols: 16 }, t };
}

describe("train", () => {
  const set = toy(200, 1);
  const base = {
    arch: "two-layer" as const,
    hiddenSize: 5,
    steps: 200,
    batchSize: 20,
    learningRate: 0.5,
    init: "xavier" as const,
    seed: 3,
  };

  it("learns the toy problem and reports loss every step and accuracy every evalEvery", () => {
    const events: string[] = [];
    const r = train(set, toy(100, 2), { ...base, evalEvery: 50 }, (e) => void events.push(e.type));
    expect(r.lossHistory.length).toBe(200);
    expect(events.filter((e) => e === "eval").length).toBe(4);
    expect(r.evals.at(-1)!.testAccuracy).toBeGreaterThan(0.95);
    expect(r.lossHistory.at(-1)!).toBeLessThan(r.lossHistory[0]);
  });

  it("stops when onProgress returns false", () => {
    const r = train(set, null, base, (e) => e.type !== "step" || e.step < 7);
    expect(r.stopped).toBe(true);
    expect(r.steps).toBe(7);
  });

  it("the generator can be driven in chunks, giving the same weights as one run", () => {
    const trainer = new Trainer(set, null, base);
    const it = trainer.events();
    while (!trainer.done) for (let i = 0; i < 17 && !it.next().done; i++);
    const whole = train(set, null, base);
    expect(Array.from(trainer.network.params.W1.data)).toEqual(Array.from(whole.network.params.W1.data));
  });

  it("stops with a clear error when training diverges (learning rate 1e6)", () => {
    expect(() => train(set, null, { ...base, activation: "relu", learningRate: 1e6 })).toThrow(TrainingDivergedError);
    expect(() => train(set, null, { ...base, activation: "relu", learningRate: 1e6 })).toThrow(
      /diverged at step \d+ .*learning rate 1000000/,
    );
    expect(() => train(set, null, { ...base, learningRate: 1e6 })).toThrow(TrainingDivergedError); // sigmoid too
    // with the loss-growth check off, float32 weights overflow and the finiteness check stops it
    expect(() => train(set, null, { ...base, activation: "relu", learningRate: 1e30, divergenceFactor: 0 })).toThrow(
      /not finite|no longer finite/,
    );
  });

  it("numerical-gradient mode (the book's method) follows the same path as backprop on a tiny net", () => {
    const opts = { arch: "simple" as const, steps: 5, batchSize: 10, learningRate: 0.5, seed: 4 };
    const num = train(set, null, { ...opts, gradient: "numerical" });
    const bp = train(set, null, opts);
    expect(num.network.params.W.data).toBeInstanceOf(Float64Array);
    for (let i = 0; i < 64; i++) expect(num.network.params.W.data[i]).toBeCloseTo(bp.network.params.W.data[i], 4);
  });

  it("epoch-shuffle visits every digit once per epoch", () => {
    const trainer = new Trainer(set, null, { ...base, sampling: "epoch-shuffle", batchSize: 50 });
    const seen = new Set<number>();
    for (let s = 0; s < 4; s++) {
      trainer.step();
      for (const i of (trainer as unknown as { batchIdx: Int32Array }).batchIdx) seen.add(i);
    }
    expect(seen.size).toBe(200);
  });

  it("rejects bad options", () => {
    expect(() => train(set, null, { ...base, batchSize: 0 })).toThrow(/batchSize/);
    expect(() => train(set, null, { ...base, momentum: 1 })).toThrow(/momentum/);
    expect(() => train(set, null, { ...base, shift: 1 })).toThrow(/28x28/);
  });
});

describe("estimateTrainingCost", () => {
  it("counts multiply-adds for backprop and numerical modes", () => {
    const c = estimateTrainingCost(
      { arch: "two-layer", steps: 10, batchSize: 100, evalEvery: 0 },
      { trainCount: 8000, testCount: 2000 },
    );
    const fwd = 784 * 50 + 50 * 10;
    expect(c.parameters).toBe(784 * 50 + 50 + 500 + 10);
    expect(c.multiplyAdds).toBe(10 * 3 * 100 * fwd + 10000 * fwd);
    const n = estimateTrainingCost(
      { arch: "two-layer", hiddenSize: 3, steps: 1, batchSize: 10, gradient: "numerical", evalEvery: 0 },
      { trainCount: 100, inputSize: 16, classes: 4 },
    );
    expect(n.perStep).toBe(2 * (16 * 3 + 3 + 12 + 4) * 10 * (48 + 12) + 10 * 60);
    expect(n.estimatedMs).toBeGreaterThan(0);
  });

  it("costs what drives the CPU: dense posted digits more than sparse stored ones, every evaluation, tiny nets", () => {
    const o = { arch: "two-layer" as const, hiddenSize: 1, batchSize: 1, steps: 400, evalEvery: 1 };
    const sparse = estimateTrainingCost(o, { trainCount: 8000, testCount: 2000, trainPixels: 150, testPixels: 150 });
    const dense = estimateTrainingCost(o, { trainCount: 8000, testCount: 2000, trainPixels: 784, testPixels: 784 });
    expect(dense.estimatedMs).toBeGreaterThan(sparse.estimatedMs);
    // 400 evaluations of 10,000 digits dominate 400 one-digit steps
    const once = estimateTrainingCost(
      { ...o, evalEvery: 0 },
      { trainCount: 8000, testCount: 2000, trainPixels: 150, testPixels: 150 },
    );
    expect(sparse.estimatedMs).toBeGreaterThan(100 * once.estimatedMs);
  });
});

describe("shiftImage and the model file", () => {
  it("shifts with zero fill", () => {
    const src = Uint8Array.from({ length: 9 }, (_, i) => i + 1);
    const out = new Uint8Array(9);
    shiftImage(src, 0, out, 0, 1, -1, 3);
    expect(Array.from(out)).toEqual([0, 4, 5, 0, 7, 8, 0, 0, 0]);
  });

  it("round-trips a network through bytes and rejects a bad layout", () => {
    const r = train(toy(50, 5), null, { arch: "two-layer", hiddenSize: 5, steps: 3, batchSize: 10, seed: 1 });
    const { meta, bytes } = encodeModelFile(r.network, { name: "toy" });
    expect(meta.params.map((p) => [p.name, p.byteOffset, p.byteLength])).toEqual([
      ["W1", 0, 320],
      ["b1", 320, 20],
      ["W2", 340, 200],
      ["b2", 540, 40],
    ]);
    const back = decodeModelFile(meta, bytes);
    for (const k of Object.keys(back.params))
      expect(Array.from(back.params[k].data)).toEqual(Array.from(r.network.params[k].data));
    expect(() => decodeModelFile(meta, bytes.subarray(4))).toThrow(/580 bytes, got 576/);
    expect(() =>
      decodeModelFile(
        {
          ...meta,
          byteLength: undefined,
          params: meta.params.map((p) => (p.name === "b2" ? { ...p, shape: [5] } : p)),
        },
        bytes,
      ),
    ).toThrow(/"b2"/);
  });
});
