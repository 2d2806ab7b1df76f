/**
 * Measures what each kind of work costs on this machine and writes core/cost/calibration.json,
 * the constants of the cost models in core/cost (training steps, evaluations, weight setup,
 * numerical-gradient steps, gradient checks, expression nodes by kind). Not a test: timing.
 *
 *   nice -n 10 npx vite-node scripts/calibrate-costs.ts     (about a minute of CPU)
 *
 * CPU time (process.cpuUsage), not wall time, the least of 5 runs of each configuration, with
 * the Wasm kernels installed as in the Worker. Each model is fitted by least squares on the
 * relative error (so the tiny configurations, hidden size 1 and batch 1, count as much as the
 * big ones), with no negative coefficient; its margin puts the estimate 30% above 90% of its
 * runs and no run above 1.5x its estimate. npm run budgets then checks
 * the estimates against the Worker's measured CPU.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { expressionFeatures, NODE_KINDS } from "../core/cost/expression";
import { gradientCheckFeatures } from "../core/cost/gradient-check";
import type { LinearModel } from "../core/cost/linear";
import { evaluationFeatures, meanPixels, numericalFeatures, parameterCount, stepFeatures } from "../core/cost/training";
import { compileArray, parseExpression } from "../core/expr";
import { gradient } from "../core/nn/gradient";
import { gradientCheck } from "../core/nn/gradient-check";
import { initNetwork } from "../core/nn/init";
import { setKernels } from "../core/nn/kernel-registry";
import { evaluate } from "../core/nn/metrics";
import { toFloat64 } from "../core/nn/network";
import { referenceInputs } from "../core/nn/reference";
import { type LabeledSet, Trainer } from "../core/nn/train";
import { createWasmKernels } from "../core/nn/wasm/wasm-kernels";
import { Random } from "../core/random";
import { loadSplit } from "./lib/splits";

const ROOT = join(import.meta.dirname, "..");
setKernels(createWasmKernels(new WebAssembly.Module(readFileSync(join(ROOT, "core/nn/wasm/kernels.wasm")))));

const cpuNs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
};

/**
 * Nanoseconds per call of fn: repeated until a run takes >= minNs of CPU; the least of 5 runs
 * (CPU time still grows when other processes share the cores; the least-disturbed run is the
 * cost of the work itself, and the margin covers the disturbance).
 */
function timePerCall(fn: () => void, minNs = 40e6): number {
  let n = 1;
  for (;;) {
    const t = cpuNs();
    for (let i = 0; i < n; i++) fn();
    const dt = cpuNs() - t;
    if (dt >= minNs / 4 || n >= 1 << 20) {
      n = Math.max(1, Math.ceil((n * minNs) / Math.max(dt, 1)));
      break;
    }
    n *= 4;
  }
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t = cpuNs();
    for (let i = 0; i < n; i++) fn();
    runs.push((cpuNs() - t) / n);
  }
  return Math.min(...runs);
}

interface Point {
  features: Record<string, number>;
  ns: number;
  label: string;
}

/** Solves A x = b (Gaussian elimination with partial pivoting). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    if (Math.abs(M[c][c]) < 1e-300) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  return M.map((row, i) => (Math.abs(row[i]) < 1e-300 ? 0 : row[n] / row[i]));
}

/** Least squares on relative error with no negative coefficient (features dropped until none is). */
function fit(features: readonly string[], points: Point[]): LinearModel {
  let active = features.filter((f) => points.some((p) => p.features[f] !== 0));
  let coef: number[] = [];
  for (;;) {
    const rows = points.map((p) => active.map((f) => p.features[f] / p.ns));
    const AtA = active.map((_, i) => active.map((_, j) => rows.reduce((s, r) => s + r[i] * r[j], 0)));
    const Atb = active.map((_, i) => rows.reduce((s, r) => s + r[i], 0));
    coef = solve(AtA, Atb);
    const negative = coef.findIndex((c) => c < 0);
    if (negative < 0) break;
    active = active.filter((_, i) => i !== negative);
  }
  const ns = features.map((f) => {
    const i = active.indexOf(f);
    return i < 0 ? 0 : coef[i];
  });
  const predict = (p: Point) => features.reduce((s, f, i) => s + ns[i] * p.features[f], 0);
  // The margin lifts the fit over the scatter: at least 30%, 30% above 90% of the runs, and no
  // run more than 1.5x its estimate.
  const ratios = points.map((p) => p.ns / predict(p)).sort((a, b) => a - b);
  const p90 = ratios[Math.floor(0.9 * (ratios.length - 1))];
  const margin = Math.max(1.3, p90 * 1.3, ratios[ratios.length - 1] / 1.5);
  const model: LinearModel = {
    features,
    ns: ns.map((v) => Number(v.toPrecision(4))),
    margin: Number(margin.toFixed(3)),
  };
  for (const p of points) {
    const ratio = p.ns / (predict(p) * model.margin);
    console.log(
      `  ${p.label.padEnd(44)} measured ${(p.ns / 1e6).toFixed(4).padStart(10)} ms  measured/estimate ${ratio.toFixed(2)}`,
    );
  }
  return model;
}

// ---- data: the stored digits (uint8, ~150 non-zero pixels) and dense posted-like digits ----
const stored = loadSplit("train");
const storedTest = loadSplit("test");
const rng = new Random(5);
const denseRows = 2000;
const dense: LabeledSet = {
  x: {
    data: Float32Array.from({ length: denseRows * 784 }, () => 0.05 + 0.9 * rng.random()),
    rows: denseRows,
    cols: 784,
  },
  t: Uint8Array.from({ length: denseRows }, (_, i) => i % 10),
};
const pixels = new Map<LabeledSet, number>([
  [stored, meanPixels(stored.x.data, stored.x.rows, 784)],
  [dense, 784],
]);

// ---- training steps ----
const HIDDEN = [1, 10, 50, 100];
const BATCH = [1, 10, 100, 1000];
const stepPoints: Point[] = [];
console.log("training steps (backprop)");
for (const set of [stored, dense]) {
  for (const H of HIDDEN) {
    for (const B of BATCH) {
      for (const [shift, momentum] of set === stored
        ? [
            [1, 0.9],
            [0, 0],
          ]
        : [[0, 0.9]]) {
        const trainer = new Trainer(set, null, {
          arch: "two-layer",
          activation: "relu",
          hiddenSize: H,
          batchSize: B,
          steps: 1e9,
          evalEvery: 0,
          shift,
          momentum,
          learningRate: 1e-9,
          init: "he",
          divergenceFactor: 0,
          sampling: "epoch-shuffle",
        });
        const ns = timePerCall(() => trainer.step(), 20e6);
        const P = parameterCount("two-layer", 784, H, 10);
        stepPoints.push({
          features: stepFeatures(H, B, pixels.get(set)!, P, shift, momentum),
          ns,
          label: `${set === stored ? "stored" : "dense"} H=${H} B=${B} shift=${shift} m=${momentum}`,
        });
      }
    }
  }
}
const step = fit(
  [
    "constant",
    "digits",
    "shiftedDigits",
    "digitUnits",
    "pixelUnits",
    "spilledPixelUnits",
    "fallbackPixels",
    "parameters",
    "momentumParameters",
  ],
  stepPoints,
);

// ---- evaluations ----
console.log("evaluations");
const evalPoints: Point[] = [];
for (const set of [stored, storedTest, dense]) {
  for (const H of [...HIDDEN, 300]) {
    const net = initNetwork(
      { arch: "two-layer", activation: "relu", hiddenSize: H, inputSize: 784, init: "he" },
      new Random(1),
    );
    for (const rows of [1, 100, set.x.rows]) {
      const x = { data: set.x.data.subarray(0, rows * 784), rows, cols: 784 } as LabeledSet["x"];
      const t = set.t as Uint8Array;
      const ns = timePerCall(() => evaluate(net, x, t.subarray(0, rows)), 20e6);
      const px = set === dense ? 784 : meanPixels(x.data, rows, 784);
      evalPoints.push({
        features: evaluationFeatures(H, rows, px),
        ns,
        label: `${set === dense ? "dense" : "stored"} H=${H} n=${rows}`,
      });
    }
  }
}
const evaluation = fit(["constant", "digits", "digitUnits", "pixelUnits", "fallbackPixels"], evalPoints);

// ---- setup (weights initialised, session created) ----
console.log("setup");
const setupPoints: Point[] = [];
for (const H of [1, 50, 300, 1024]) {
  const ns = timePerCall(
    () =>
      new Trainer(stored, null, {
        arch: "two-layer",
        hiddenSize: H,
        batchSize: 100,
        steps: 1,
        evalEvery: 0,
        init: "he",
      }),
    20e6,
  );
  setupPoints.push({
    features: { constant: 1, parameters: parameterCount("two-layer", 784, H, 10) },
    ns,
    label: `H=${H}`,
  });
}
const setup = fit(["constant", "parameters"], setupPoints);

// ---- numerical-gradient steps (float64 reference) ----
console.log("numerical-gradient steps");
const numericalPoints: Point[] = [];
for (const [H, B] of [
  [1, 1],
  [1, 3],
  [2, 1],
  [3, 2],
]) {
  const trainer = new Trainer(stored, null, {
    arch: "two-layer",
    hiddenSize: H,
    batchSize: B,
    steps: 1e9,
    evalEvery: 0,
    gradient: "numerical",
    learningRate: 1e-9,
    divergenceFactor: 0,
  });
  const ns = timePerCall(() => trainer.step(), 20e6);
  numericalPoints.push({
    features: numericalFeatures(784, H, 10, B, parameterCount("two-layer", 784, H, 10)),
    ns,
    label: `H=${H} B=${B}`,
  });
}
const numerical = fit(["constant", "multiplyAdds", "perturbations"], numericalPoints);

// ---- gradient checks (as POST /v1/gradient-check runs them) ----
console.log("gradient checks");
const checkPoints: Point[] = [];
for (const [arch, H, rows] of [
  ["two-layer", 1, 1],
  ["two-layer", 5, 3],
  ["two-layer", 20, 1],
  ["two-layer", 10, 10],
  ["simple", 0, 1],
  ["simple", 0, 3],
] as const) {
  const net32 = initNetwork({ arch, activation: "sigmoid", hiddenSize: H || undefined, inputSize: 784 }, new Random(0));
  const batch = { data: stored.x.data.subarray(0, rows * 784), rows, cols: 784 };
  const labels = Uint8Array.from({ length: rows }, (_, i) => stored.t[i]);
  const ns = timePerCall(() => {
    const fast = gradient(net32, batch, labels).grads;
    gradientCheck(toFloat64(net32), referenceInputs(batch), labels, rows, fast);
  }, 30e6);
  checkPoints.push({
    features: gradientCheckFeatures(784, H, 10, rows, arch),
    ns,
    label: `${arch} H=${H} rows=${rows}`,
  });
}
const gradientCheckModel = fit(["constant", "operations", "perturbations"], checkPoints);

// ---- expressions: node kinds at several sizes of x ----
console.log("expressions");
const repeat = (term: string, k: number, sep = " + ") => Array.from({ length: k }, () => term).join(sep);
const EXPRESSIONS = [
  "x[0]**2 + x[1]**2",
  "np.sum(x**2)",
  `np.sum(${repeat("x", 40)})`,
  `np.sum(${repeat("x * 1.5", 20)})`,
  `np.sum(${repeat("x[::-1]", 30)})`,
  `np.sum(${repeat("x[1:]", 30)})`,
  repeat("x[0]", 40),
  repeat("x[-1] * x[1]", 20),
  repeat("np.sum(x)", 30),
  repeat("np.max(x)", 30),
  repeat("np.mean(x)", 30),
  `np.sum(${repeat("np.exp(x)", 20)})`,
  `np.sum(${repeat("np.sin(x)", 20)})`,
  `np.sum(${repeat("x ** 3", 20)})`,
  `np.sum(${repeat("x // 3", 20)})`,
  repeat("sum(x)", 20),
  repeat("max(x)", 20),
  "0.01*x[0]**2 + 0.1*x[0]",
  repeat("np.sum(x[::-1] + x)", 15),
];
const exprPoints: Point[] = [];
for (const n of [2, 10, 100, 1000]) {
  const x = { data: Float64Array.from({ length: n }, (_, i) => 0.5 + i / n), shape: [n] };
  for (const source of EXPRESSIONS) {
    const expr = parseExpression(source);
    const f = compileArray(expr);
    const ns = timePerCall(() => f(x), 10e6);
    exprPoints.push({ features: expressionFeatures(expr, [n]), ns, label: `n=${n} ${source.slice(0, 34)}` });
  }
}
const exprFeatures = ["evaluation", ...NODE_KINDS.flatMap((k) => [k, `${k}Elements`])];
const expression = fit(exprFeatures, exprPoints);

const out = {
  $comment:
    "Written by scripts/calibrate-costs.ts; do not edit. Nanoseconds of CPU per unit of each feature (core/cost).",
  measured: {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    node: process.version,
    date: new Date().toISOString().slice(0, 10),
  },
  training: { setup, step, evaluation, numerical },
  gradientCheck: gradientCheckModel,
  expression,
};
writeFileSync(join(ROOT, "core/cost/calibration.json"), JSON.stringify(out, null, 2) + "\n");
console.log("wrote core/cost/calibration.json");
