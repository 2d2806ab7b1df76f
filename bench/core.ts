/**
 * edgegrad's side of `npm run bench`: core/nn on the same weights and digits as numpy and tfjs
 * (files written by scripts/bench.mjs into the directory given as argv[2]), with the TypeScript
 * reference kernels and with the Wasm SIMD kernels. Prints one JSON line.
 * Run through vite-node (core/ is TypeScript): npx vite-node bench/core.ts -- <dir> <steps> <runs>
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { residentNetwork, setKernels } from "../core/nn/kernel-registry";
import type { Network32 } from "../core/nn/network";
import { forward } from "../core/nn/predict";
import { Trainer, train } from "../core/nn/train";
import { createWasmKernels } from "../core/nn/wasm/wasm-kernels";
import { REPS, time, timeRuns } from "./common.mjs";

const [dir, stepsArg, runsArg] = process.argv.slice(2).filter((a) => a !== "--");
const STEPS = Number(stepsArg ?? 10000);
const RUNS = Number(runsArg ?? 3);
const f32 = (name: string) => new Float32Array(new Uint8Array(readFileSync(join(dir, name))).buffer);
const u8 = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
const net = (prefix: string, activation: "relu" | "sigmoid"): Network32 => ({
  arch: "two-layer",
  activation,
  params: {
    W1: { shape: [784, 50], data: f32(`${prefix}W1.f32`) },
    b1: { shape: [50], data: f32(`${prefix}b1.f32`) },
    W2: { shape: [50, 10], data: f32(`${prefix}W2.f32`) },
    b2: { shape: [10], data: f32(`${prefix}b2.f32`) },
  },
});
const x = u8("x.u8");
const x10k = { data: x, rows: 10000, cols: 784 };
const x1 = { data: x.subarray(0, 784), rows: 1, cols: 784 };
const trainSet = { x: { data: u8("train-x.u8"), rows: 8000, cols: 784 }, t: u8("train-t.u8") };
const testSet = { x: { data: u8("test-x.u8"), rows: 2000, cols: 784 }, t: u8("test-t.u8") };
const init = () => net("init-", "sigmoid");

function measure(kernels: string) {
  const model = residentNetwork(net("", "relu")); // the model cache's form (resident in Wasm memory when installed)
  const recipe = {
    arch: "two-layer" as const,
    activation: "sigmoid" as const,
    batchSize: 100,
    learningRate: 0.1,
    evalEvery: 0,
    seed: 1,
  };
  const trainer = new Trainer(trainSet, testSet, { ...recipe, steps: 1e9, initial: init() });
  const full = timeRuns(() => train(trainSet, testSet, { ...recipe, steps: STEPS, initial: init() }), RUNS);
  const ev = full.last.evals[full.last.evals.length - 1];
  return {
    kernels,
    predict10k: time(() => forward(model, x10k), REPS.predict10k, 3),
    predict1: time(() => forward(model, x1), REPS.predict1, 200),
    sgdStep: time(() => trainer.step(), REPS.sgdStep, 20),
    steps: {
      ms: full.ms,
      steps: STEPS,
      runs: RUNS,
      trainAccuracy: ev.trainAccuracy,
      testAccuracy: ev.testAccuracy,
      finalLoss: full.last.lossHistory[STEPS - 1],
    },
  };
}

const compile = WebAssembly.Module as unknown as new (bytes: Uint8Array) => WebAssembly.Module;
const wasmModule = new compile(new Uint8Array(readFileSync(join(import.meta.dirname, "../core/nn/wasm/kernels.wasm"))));
setKernels(createWasmKernels(wasmModule));
const wasm = measure("wasm-simd");
setKernels(null);
const ts = measure("typescript");
console.log(JSON.stringify({ wasm, ts }));
