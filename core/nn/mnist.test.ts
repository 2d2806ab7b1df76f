/**
 * The fast path on real digits (fixtures/mnist, made by scripts/prepare-data.mjs): against the
 * float64 reference, seeded training reproducibility, and the committed default models.
 */
import { existsSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { expectClose } from "../../test/helpers/expect-close";
import { Random } from "../random";
import { gradient } from "./gradient";
import { initNetwork } from "./init";
import { evaluate } from "./metrics";
import { decodeModelFile, encodeModelFile, type ModelMeta } from "./model-file";
import { type Network, toFloat64 } from "./network";
import { forward } from "./predict";
import { referenceForward, referenceGradient, referenceInputs } from "./reference";
import type { LabeledSet } from "./train";
import { train } from "./train";

const root = new URL("../../", import.meta.url);
const read = (p: string) => new Uint8Array(readFileSync(new URL(p, root)));
let trainSet: LabeledSet;
let testSet: LabeledSet;

beforeAll(async () => {
  if (!existsSync(new URL("fixtures/mnist/test-images.u8", root))) {
    const { prepareData } = await import(/* @vite-ignore */ new URL("scripts/prepare-data.mjs", root).href);
    prepareData();
  }
  const load = (s: string): LabeledSet => {
    const t = read(`fixtures/mnist/${s}-labels.u8`);
    return { x: { data: read(`fixtures/mnist/${s}-images.u8`), rows: t.length, cols: 784 }, t };
  };
  trainSet = load("train");
  testSet = load("test");
});

const rowsOf = (s: LabeledSet, n: number) => ({
  x: { data: s.x.data.subarray(0, n * 784), rows: n, cols: 784 },
  t: Array.from(s.t).slice(0, n),
});

describe.each([
  ["simple", { arch: "simple" as const }],
  ["two-layer sigmoid", { arch: "two-layer" as const, activation: "sigmoid" as const, init: "xavier" as const }],
  ["two-layer relu", { arch: "two-layer" as const, activation: "relu" as const, init: "he" as const }],
])("fast path vs float64 reference on 64 digits: %s", (_n, opts) => {
  it("probabilities within 1e-6 absolute, gradients within 1e-5 of the largest", () => {
    const net = initNetwork(opts, new Random(5));
    const { x, t } = rowsOf(testSet, 64);
    const x64 = referenceInputs(x);
    const ref = referenceForward(net, x64, 64);
    // float32 weights are read exactly; the difference is float32 storage of activations
    expectClose(forward(net, x), ref.y, { rtol: 0, atol: 1e-6 });
    const fast = gradient(net, x, t);
    const slow = referenceGradient(net, x64, t, 64);
    expectClose(fast.loss, slow.loss, { rtol: 1e-6 });
    for (const k of Object.keys(slow.grads)) {
      const scale = Math.max(...slow.grads[k].map(Math.abs));
      expectClose(fast.grads[k], slow.grads[k], { rtol: 0, atol: 1e-5 * scale });
    }
  });
});

describe("seeded training", () => {
  const opts = {
    arch: "two-layer" as const,
    activation: "relu" as const,
    init: "he" as const,
    steps: 60,
    batchSize: 50,
    learningRate: 0.05,
    momentum: 0.9,
    weightDecay: 1e-4,
    shift: 2,
    seed: 9,
    evalEvery: 30,
  };

  it("same seed and options give bit-identical weights; another seed does not", () => {
    const a = train(trainSet, testSet, opts);
    const b = train(trainSet, testSet, opts);
    const c = train(trainSet, testSet, { ...opts, seed: 10 });
    for (const k of Object.keys(a.network.params))
      expect(Buffer.from(a.network.params[k].data.buffer).equals(Buffer.from(b.network.params[k].data.buffer))).toBe(
        true,
      );
    expect(a.lossHistory).toEqual(b.lossHistory);
    expect(Array.from(a.network.params.W2.data)).not.toEqual(Array.from(c.network.params.W2.data));
    expect(a.evals.map((e) => e.step)).toEqual([30, 60]);
  });

  it("the book's recipe learns: 300 steps of sigmoid SGD lift test accuracy well above chance", () => {
    const r = train(trainSet, testSet, {
      arch: "two-layer",
      steps: 300,
      learningRate: 0.1,
      seed: 1,
      evalEvery: 0,
      sampling: "epoch-shuffle",
    });
    expect(r.evals.length).toBe(1);
    expect(r.lossHistory[0]).toBeCloseTo(Math.log(10), 1); // 0.01-std init: uniform probabilities
    expect(r.evals[0].testAccuracy!).toBeGreaterThan(0.5);
  });
});

describe("default models (fixtures/models)", () => {
  it.each(["mnist-simple", "mnist-two-layer"])(
    "%s decodes, matches its recorded test accuracy and its checksum",
    async (name) => {
      const meta = JSON.parse(readFileSync(new URL(`fixtures/models/${name}.json`, root), "utf8")) as ModelMeta;
      const bytes = read(`fixtures/models/${name}.bin`);
      const { createHash } = await import("node:crypto");
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(meta.sha256);
      const net = decodeModelFile(meta, bytes);
      const e = evaluate(net, testSet.x, testSet.t);
      expect(e.accuracy).toBe(meta.testAccuracy);
      expect(e.confusion.flat().reduce((a, b) => a + b, 0)).toBe(2000);
      if (name === "mnist-two-layer") expect(e.accuracy).toBeGreaterThanOrEqual(0.96);
      // encoding what we decoded gives the same bytes back
      expect(Buffer.from(encodeModelFile(net).bytes).equals(Buffer.from(bytes))).toBe(true);
      // and the float64 reference agrees on the first 200 test digits' predictions
      const n200 = rowsOf(testSet, 200);
      const ref = referenceForward(toFloat64(net as Network), referenceInputs(n200.x), 200).y;
      expectClose(forward(net, n200.x), ref, { rtol: 0, atol: 1e-5 });
    },
  );
});
