/**
 * Quick side-by-side timing (not a test): the core/nn fast path against numpy running the book's
 * TwoLayerNet code on the same 784-50-10 weights (fixtures/models/mnist-two-layer) and digits.
 * Run: npx vite-node scripts/measure-nn.ts
 * numpy runs with OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE removed from its environment only.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createGradients, gradientSparse } from "../core/nn/gradient";
import { decodeModelFile, type ModelMeta } from "../core/nn/model-file";
import type { Network } from "../core/nn/network";
import { forward } from "../core/nn/predict";
import { toSparseRows } from "../core/nn/sparse-rows";
import { createWorkspace } from "../core/nn/workspace";
import { Random } from "../core/random";
import { loadSplit } from "./lib/splits";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(fn: () => void, reps: number): number {
  for (let i = 0; i < Math.min(reps, 20); i++) fn(); // warm up the JIT
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    fn();
    ts.push(performance.now() - t);
  }
  return median(ts);
}

const root = join(import.meta.dirname ?? ".", "..");
const meta = JSON.parse(readFileSync(join(root, "fixtures/models/mnist-two-layer.json"), "utf8")) as ModelMeta;
const relu = decodeModelFile(meta, new Uint8Array(readFileSync(join(root, "fixtures/models/mnist-two-layer.bin"))));
const sigmoid: Network = { ...relu, activation: "sigmoid" };
const tr = loadSplit("train");
const te = loadSplit("test");
const all = new Uint8Array(10000 * 784);
all.set(tr.x.data as Uint8Array);
all.set(te.x.data as Uint8Array, 8000 * 784);
const labels = new Uint8Array(10000);
labels.set(tr.t as Uint8Array);
labels.set(te.t as Uint8Array, 8000);
const x10k = { data: all, rows: 10000, cols: 784 };
const x1 = { data: all.subarray(0, 784), rows: 1, cols: 784 };

// one SGD step of batch 100, as the book's loop: choice, gradient, params -= lr * grad
function sgdStep(net: Network) {
  const rng = new Random(1);
  const ws = createWorkspace({ input: 784, hidden: 50, output: 10 }, 100);
  const grads = createGradients(net);
  const idx = new Int32Array(100);
  const t = new Uint8Array(100);
  const params = Object.entries(net.params).map(([k, p]) => [p.data, grads[k]] as const);
  return () => {
    rng.choice(10000, 100, idx);
    for (let i = 0; i < 100; i++) t[i] = labels[idx[i]];
    toSparseRows(x10k, ws.sparse, idx, 100);
    gradientSparse(net, ws.sparse, t, ws, grads);
    for (const [w, g] of params) for (let i = 0; i < w.length; i++) w[i] -= 0.1 * g[i];
  };
}
const copy = (n: Network): Network => ({
  ...n,
  params: Object.fromEntries(Object.entries(n.params).map(([k, p]) => [k, { shape: p.shape, data: p.data.slice() }])),
});

const ts: Record<string, number> = {
  "predict 10,000 (sigmoid)": time(() => forward(sigmoid, x10k), 30),
  "predict 10,000 (relu)": time(() => forward(relu, x10k), 30),
  "predict 1 (sigmoid)": time(() => forward(sigmoid, x1), 5000),
  "predict 1 (relu)": time(() => forward(relu, x1), 5000),
  "SGD step, batch 100 (sigmoid)": time(sgdStep(copy(sigmoid)), 500),
  "SGD step, batch 100 (relu)": time(sgdStep(copy(relu)), 500),
};

// numpy: the book's code (common/functions.py, ch04/two_layer_net.py), float64 weights, x float32 from load_mnist
const dir = mkdtempSync(join(tmpdir(), "measure-nn-"));
for (const k of ["W1", "b1", "W2", "b2"]) writeFileSync(join(dir, k + ".f32"), relu.params[k].data);
writeFileSync(join(dir, "x.u8"), all);
writeFileSync(join(dir, "t.u8"), labels);
const py = String.raw`
import numpy as np, time, sys, json
d = sys.argv[1]
P = {k: np.fromfile(f"{d}/{k}.f32", np.float32).astype(np.float64) for k in ["W1","b1","W2","b2"]}
P["W1"] = P["W1"].reshape(784, 50); P["W2"] = P["W2"].reshape(50, 10)
x = np.fromfile(f"{d}/x.u8", np.uint8).reshape(10000, 784).astype(np.float32); x /= 255.0
t = np.eye(10)[np.fromfile(f"{d}/t.u8", np.uint8)]
def sigmoid(x): return 1 / (1 + np.exp(-x))
def relu(x): return np.maximum(0, x)
def softmax(x):
    x = x.T; x = x - np.max(x, axis=0); y = np.exp(x) / np.sum(np.exp(x), axis=0); return y.T
def predict(p, x, act):
    return softmax(np.dot(act(np.dot(x, p["W1"]) + p["b1"]), p["W2"]) + p["b2"])
def gradient(p, x, t, act):
    W1, W2, b1, b2 = p["W1"], p["W2"], p["b1"], p["b2"]
    g = {}; n = x.shape[0]
    a1 = np.dot(x, W1) + b1; z1 = act(a1); a2 = np.dot(z1, W2) + b2; y = softmax(a2)
    dy = (y - t) / n
    g["W2"] = np.dot(z1.T, dy); g["b2"] = np.sum(dy, axis=0)
    da1 = np.dot(dy, W2.T)
    dz1 = ((1.0 - z1) * z1 if act is sigmoid else (a1 > 0)) * da1
    g["W1"] = np.dot(x.T, dz1); g["b1"] = np.sum(dz1, axis=0)
    return g
def step(p, act):
    m = np.random.choice(10000, 100)
    g = gradient(p, x[m], t[m], act)
    for k in ("W1", "b1", "W2", "b2"): p[k] -= 0.1 * g[k]
def tm(f, reps):
    for _ in range(min(reps, 20)): f()
    ts = []
    for _ in range(reps):
        s = time.perf_counter(); f(); ts.append(time.perf_counter() - s)
    return float(np.median(ts)) * 1e3
q = {k: v.copy() for k, v in P.items()}
r = {k: v.copy() for k, v in P.items()}
print(json.dumps({
  "predict 10,000 (sigmoid)": tm(lambda: predict(P, x, sigmoid), 30),
  "predict 10,000 (relu)": tm(lambda: predict(P, x, relu), 30),
  "predict 1 (sigmoid)": tm(lambda: predict(P, x[:1], sigmoid), 5000),
  "predict 1 (relu)": tm(lambda: predict(P, x[:1], relu), 5000),
  "SGD step, batch 100 (sigmoid)": tm(lambda: step(q, sigmoid), 500),
  "SGD step, batch 100 (relu)": tm(lambda: step(r, relu), 500),
}))
`;
const env = { ...process.env };
delete env.OPENBLAS_CORETYPE;
delete env.OPENBLAS_L2_SIZE;
const np = JSON.parse(execFileSync("python3", ["-c", py, dir], { env, encoding: "utf8" })) as Record<string, number>;

console.log("784-50-10, weights of fixtures/models/mnist-two-layer; median ms (ratio = core / numpy, < 1 is faster)");
for (const [k, v] of Object.entries(ts)) {
  console.log(
    `${k.padEnd(32)} core ${v.toFixed(4).padStart(9)}  numpy ${np[k].toFixed(4).padStart(9)}  ratio ${(v / np[k]).toFixed(2)}`,
  );
}
