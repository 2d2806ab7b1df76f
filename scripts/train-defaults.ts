/**
 * Trains the two default models on the 8,000-digit train split (fixtures/mnist, made by
 * scripts/prepare-data.mjs) and writes fixtures/models/<name>.json (metadata) and <name>.bin
 * (little-endian float32 params). Deterministic: seeded, single-threaded, same bytes every run
 * (only `trainingMs` varies). Run: npx vite-node scripts/train-defaults.ts [name...]
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { evaluate } from "../core/nn/metrics";
import { encodeModelFile } from "../core/nn/model-file";
import { type TrainOptions, train } from "../core/nn/train";
import { loadSplit } from "./lib/splits";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export const DEFAULTS: Record<string, { description: string; options: TrainOptions }> = {
  "mnist-simple": {
    description:
      "The book's simpleNet grown to MNIST: softmax(x W + b), W 784x10, trained by backprop SGD with momentum.",
    options: {
      arch: "simple",
      steps: 4000,
      batchSize: 100,
      learningRate: 0.1,
      momentum: 0.9,
      lrSchedule: "cosine",
      sampling: "epoch-shuffle",
      seed: 1,
      evalEvery: 1000,
    },
  },
  "mnist-two-layer": {
    description:
      "The book's TwoLayerNet 784-50-10 with ReLU, He init, momentum SGD, cosine-decayed lr and +-2 pixel shifts.",
    options: {
      arch: "two-layer",
      activation: "relu",
      hiddenSize: 50,
      init: "he",
      steps: 12000,
      batchSize: 100,
      learningRate: 0.05,
      momentum: 0.9,
      lrSchedule: "cosine",
      weightDecay: 1e-4,
      shift: 2,
      sampling: "epoch-shuffle",
      seed: 1,
      evalEvery: 2000,
    },
  },
};

async function main(names: string[]): Promise<void> {
  if (!existsSync(join(ROOT, "fixtures", "mnist", "train-images.u8"))) {
    const { prepareData } = await import(/* @vite-ignore */ join(ROOT, "scripts", "prepare-data.mjs"));
    prepareData({ log: console.log });
  }
  const trainSet = loadSplit("train");
  const testSet = loadSplit("test");
  const outDir = join(ROOT, "fixtures", "models");
  mkdirSync(outDir, { recursive: true });
  for (const name of names) {
    const { description, options } = DEFAULTS[name];
    const t0 = performance.now();
    const result = train(trainSet, testSet, options, (e) => {
      if (e.type === "eval")
        console.log(
          `${name} step ${e.step}: train ${e.trainAccuracy.toFixed(4)} test ${e.testAccuracy?.toFixed(4)} test loss ${e.testLoss?.toFixed(4)}`,
        );
    });
    const trainingMs = Math.round(performance.now() - t0);
    const te = evaluate(result.network, testSet.x, testSet.t);
    const tr = evaluate(result.network, trainSet.x, trainSet.t);
    const tail = result.lossHistory.slice(-100);
    const { meta, bytes } = encodeModelFile(result.network, {
      name,
      description,
      testAccuracy: te.accuracy,
      testLoss: te.loss,
      trainAccuracy: tr.accuracy,
      trainLoss: tr.loss,
      finalBatchLoss: tail.reduce((a, b) => a + b, 0) / tail.length, // mean of the last 100 step losses
      evaluatedOn: "fixtures/mnist test split (2,000 held-out digits)",
      trainedOn: "fixtures/mnist train split (8,000 digits)",
      training: options,
      seed: options.seed,
      steps: result.steps,
      trainingMs,
      trainedBy: "scripts/train-defaults.ts",
    });
    meta.sha256 = createHash("sha256").update(bytes).digest("hex");
    writeFileSync(join(outDir, `${name}.bin`), bytes);
    writeFileSync(join(outDir, `${name}.json`), JSON.stringify(meta, null, 2) + "\n");
    console.log(
      `${name}: test accuracy ${te.accuracy} (loss ${te.loss.toFixed(4)}), ${result.steps} steps in ${trainingMs} ms -> fixtures/models/${name}.{json,bin}`,
    );
  }
}

// vite-node leaves only the arguments after the script's path in argv (the path itself is not there).
const argv = process.argv.slice(2).filter((a) => !a.startsWith("-"));
main(argv.length ? argv : Object.keys(DEFAULTS)).catch((e) => {
  console.error(e);
  process.exit(1);
});
