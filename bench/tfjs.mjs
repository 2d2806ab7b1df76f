/**
 * TensorFlow.js's side of `npm run bench` (@tensorflow/tfjs with the cpu or wasm backend): the
 * book's TwoLayerNet written with tf ops on the weights and digits scripts/bench.mjs wrote.
 * Training runs `steps` SGD steps (fewer than 10,000 for speed; bench.mjs extrapolates and says so).
 * Usage: node bench/tfjs.mjs <dir> <cpu|wasm> <steps>. Prints one JSON line.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { REPS, time } from "./common.mjs";

const [dir, backend, stepsArg] = process.argv.slice(2);
const STEPS = Number(stepsArg);
const origWarn = console.warn;
console.warn = () => {}; // tfjs's "install tfjs-node" banner
await tf.setBackend(backend);
await tf.ready();
console.warn = origWarn;

const f32 = (name) => new Float32Array(new Uint8Array(readFileSync(join(dir, name))).buffer);
const u8 = (name) => new Uint8Array(readFileSync(join(dir, name)));
const params = (prefix) => ({
  W1: tf.variable(tf.tensor2d(f32(`${prefix}W1.f32`), [784, 50])),
  b1: tf.variable(tf.tensor1d(f32(`${prefix}b1.f32`))),
  W2: tf.variable(tf.tensor2d(f32(`${prefix}W2.f32`), [50, 10])),
  b2: tf.variable(tf.tensor1d(f32(`${prefix}b2.f32`))),
});
const images = (name, n) => tf.tidy(() => tf.tensor2d(u8(name), [n, 784], "int32").toFloat().div(255));
const oneHot = (name) => tf.oneHot(tf.tensor1d(u8(name), "int32"), 10).toFloat();

const model = params("");
const x = images("x.u8", 10000);
const x1 = x.slice([0, 0], [1, 784]);
const predict = (p, xs, act) => tf.tidy(() => tf.softmax(act(xs.matMul(p.W1).add(p.b1)).matMul(p.W2).add(p.b2)));
const run = (xs) => {
  const y = predict(model, xs, tf.relu);
  y.dataSync();
  y.dispose();
};

const xTrain = images("train-x.u8", 8000);
const tTrain = oneHot("train-t.u8");
let seed = 1;
const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
/** One SGD step of the book's recipe: batch 100 drawn with replacement, TwoLayerNet.gradient, params -= 0.1 * grad. */
function step(p) {
  const idx = tf.tensor1d(
    Int32Array.from({ length: 100 }, () => Math.floor(rand() * 8000)),
    "int32",
  );
  tf.tidy(() => {
    const xb = tf.gather(xTrain, idx);
    const tb = tf.gather(tTrain, idx);
    const z1 = tf.sigmoid(xb.matMul(p.W1).add(p.b1));
    const y = tf.softmax(z1.matMul(p.W2).add(p.b2));
    const dy = y.sub(tb).div(100);
    const gW2 = z1.transpose().matMul(dy);
    const gb2 = dy.sum(0);
    const dz1 = dy.matMul(p.W2.transpose()).mul(tf.scalar(1).sub(z1).mul(z1));
    const gW1 = xb.transpose().matMul(dz1);
    const gb1 = dz1.sum(0);
    p.W1.assign(p.W1.sub(gW1.mul(0.1)));
    p.b1.assign(p.b1.sub(gb1.mul(0.1)));
    p.W2.assign(p.W2.sub(gW2.mul(0.1)));
    p.b2.assign(p.b2.sub(gb2.mul(0.1)));
  });
  idx.dispose();
  p.b2.dataSync(); // wait for the step to finish
}

const out = {
  backend: tf.getBackend(),
  predict10k: time(() => run(x), REPS.predict10k, 3),
  predict1: time(() => run(x1), REPS.predict1, 200),
};
const stepNet = params("init-");
out.sgdStep = time(() => step(stepNet), Math.min(REPS.sgdStep, 100), 10);
const trained = params("init-");
const t0 = performance.now();
for (let i = 0; i < STEPS; i++) step(trained);
const acc = (xs, ts) =>
  tf.tidy(() => predict(trained, xs, tf.sigmoid).argMax(1).equal(ts.argMax(1)).toFloat().mean().dataSync()[0]);
const trainAccuracy = acc(xTrain, tTrain);
const testAccuracy = acc(images("test-x.u8", 2000), oneHot("test-t.u8"));
out.steps = { ms: performance.now() - t0, steps: STEPS, runs: 1, trainAccuracy, testAccuracy };
console.log(JSON.stringify(out));
