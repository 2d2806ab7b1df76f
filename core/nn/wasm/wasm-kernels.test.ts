/**
 * The Wasm SIMD kernels in Node against the TypeScript reference kernels (cases shared with the
 * workerd test in test/helpers/kernel-parity.ts), and the committed kernels.wasm against a fresh
 * build of assembly/kernels.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { both, type Digits, parityCases } from "../../../test/helpers/kernel-parity";
import { decodeModelFile, type ModelMeta } from "../model-file";
import type { Network32 } from "../network";
import { train } from "../train";
import { createWasmKernels } from "./wasm-kernels";

const root = new URL("../../../", import.meta.url);
const read = (p: string) => new Uint8Array(readFileSync(new URL(p, root)));
// Node compiles from bytes (workerd gets the module from the build; its types make Module abstract).
const compile = WebAssembly.Module as unknown as new (bytes: Uint8Array) => WebAssembly.Module;
const kernels = createWasmKernels(new compile(read("core/nn/wasm/kernels.wasm")));
let digits: Digits;
let models: { relu: Network32; simple: Network32 };

beforeAll(async () => {
  if (!existsSync(new URL("fixtures/mnist/test-images.u8", root))) {
    const { prepareData } = await import(/* @vite-ignore */ new URL("scripts/prepare-data.mjs", root).href);
    prepareData();
  }
  digits = { images: read("fixtures/mnist/test-images.u8"), labels: read("fixtures/mnist/test-labels.u8") };
  const model = (name: string) =>
    decodeModelFile(
      JSON.parse(readFileSync(new URL(`fixtures/models/${name}.json`, root), "utf8")) as ModelMeta,
      read(`fixtures/models/${name}.bin`),
    );
  models = { relu: model("mnist-two-layer"), simple: model("mnist-simple") };
});

describe("wasm kernels match the TypeScript kernels (Node)", () => {
  for (const [name, run] of parityCases(
    kernels,
    () => digits,
    () => models,
  ))
    it(name, run);

  it("training the book's recipe (sigmoid, batch 100, lr 0.1) follows the same loss curve", () => {
    const set = { x: { data: digits.images, rows: digits.labels.length, cols: 784 }, t: digits.labels };
    const { ts, fast } = both(kernels, () =>
      train(set, null, { arch: "two-layer", steps: 300, seed: 5, evalEvery: 0 }),
    );
    expect(fast.steps).toBe(300);
    for (let i = 0; i < 300; i++)
      expect(Math.abs(fast.lossHistory[i] - ts.lossHistory[i])).toBeLessThanOrEqual(1e-4 * ts.lossHistory[i]);
    expect(Math.abs(fast.evals[0].trainAccuracy - ts.evals[0].trainAccuracy)).toBeLessThanOrEqual(0.002);
  });
});

describe("kernels.wasm", () => {
  it("is what scripts/build-wasm.mjs builds from assembly/kernels.ts", async () => {
    const { buildKernels } = await import(/* @vite-ignore */ new URL("scripts/build-wasm.mjs", root).href);
    const fresh: Uint8Array = await buildKernels();
    const committed = read("core/nn/wasm/kernels.wasm");
    expect(committed.length).toBe(fresh.length);
    expect(Buffer.from(committed).equals(Buffer.from(fresh))).toBe(true);
  });
});
