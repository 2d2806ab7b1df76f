#!/usr/bin/env node
/**
 * `npm run bench`: one run, side by side, same weights and digits —
 *   edgegrad's core/nn (Wasm SIMD kernels, and the TypeScript reference kernels),
 *   the book's numpy code (python3 + numpy; OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE removed from its
 *   environment only), and TensorFlow.js (@tensorflow/tfjs, cpu and wasm backends);
 * then the HTTP benchmark (autocannon against a local `wrangler dev` on a free port, loopback
 * only, bounded in time) and the bundle size (`wrangler deploy --dry-run`). Prints medians and
 * ratios and writes BENCHMARKS.md. Never run by tests.
 *
 *   node scripts/bench.mjs [--steps 10000] [--runs 3] [--tfjs-steps 200] [--no-http] [--no-bundle] [--no-write]
 *
 * Work: predict 10,000 digits with the 784-50-10 relu model (fixtures/models/mnist-two-layer);
 * predict one digit; one SGD step of batch 100 and `--steps` steps of the book's recipe (sigmoid,
 * batch 100, lr 0.1, batches drawn with replacement) from the same initial weights, on the 8,000
 * training digits, accuracy on train and test at the end.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { startDevServer } from "./lib/dev-server.mjs";
import { wranglerEnv } from "./lib/wrangler-env.mjs";

const ROOT = join(import.meta.dirname, "..");
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const STEPS = opt("steps", 10000);
const RUNS = opt("runs", 3);
const TFJS_STEPS = Math.min(opt("tfjs-steps", 200), STEPS);
const flag = (name) => args.includes(`--${name}`);
const log = (...a) => console.error("[bench]", ...a);

// ---- shared inputs ------------------------------------------------------------------------------
if (!existsSync(join(ROOT, "fixtures/mnist/train-images.u8")))
  execFileSync("node", [join(ROOT, "scripts/prepare-data.mjs")], { stdio: "inherit" });
const dir = mkdtempSync(join(tmpdir(), "edgegrad-bench-"));
const read = (p) => new Uint8Array(readFileSync(join(ROOT, p)));
const meta = JSON.parse(readFileSync(join(ROOT, "fixtures/models/mnist-two-layer.json"), "utf8"));
const bin = read("fixtures/models/mnist-two-layer.bin");
for (const p of meta.params)
  writeFileSync(join(dir, `${p.name}.f32`), bin.subarray(p.byteOffset, p.byteOffset + p.byteLength));
// Initial weights of the training runs, shared by all three: the book's init (0.01 * randn, zero
// biases) from a seeded generator (mulberry32 + Box-Muller) so every side starts from the same point.
let s = 12345;
const uniform = () => {
  s = (s + 0x6d2b79f5) >>> 0;
  let t = s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
};
const randn = (n) =>
  Float32Array.from(
    { length: n },
    () => 0.01 * Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform()),
  );
writeFileSync(join(dir, "init-W1.f32"), randn(784 * 50));
writeFileSync(join(dir, "init-b1.f32"), new Float32Array(50));
writeFileSync(join(dir, "init-W2.f32"), randn(50 * 10));
writeFileSync(join(dir, "init-b2.f32"), new Float32Array(10));
const trainX = read("fixtures/mnist/train-images.u8");
const testX = read("fixtures/mnist/test-images.u8");
writeFileSync(join(dir, "train-x.u8"), trainX);
writeFileSync(join(dir, "train-t.u8"), read("fixtures/mnist/train-labels.u8"));
writeFileSync(join(dir, "test-x.u8"), testX);
writeFileSync(join(dir, "test-t.u8"), read("fixtures/mnist/test-labels.u8"));
writeFileSync(join(dir, "x.u8"), Buffer.concat([trainX, testX])); // the 10,000 digits to predict

const jsonOf = (out) => JSON.parse(out.trim().split("\n").pop());
const env = wranglerEnv;
const loadBefore = loadavg();

// ---- the three implementations, one after the other (2 shared cores) ---------------------------
log(`edgegrad core (${STEPS} steps x ${RUNS} runs)...`);
const core = jsonOf(
  execFileSync("npx", ["vite-node", join(ROOT, "bench/core.ts"), "--", dir, String(STEPS), String(RUNS)], {
    cwd: ROOT,
    env,
    encoding: "utf8",
    maxBuffer: 1 << 24,
  }),
);
log("numpy...");
const npEnv = { ...process.env };
delete npEnv.OPENBLAS_CORETYPE;
delete npEnv.OPENBLAS_L2_SIZE;
const numpy = jsonOf(
  execFileSync("python3", [join(ROOT, "bench/numpy_bench.py"), dir, String(STEPS), String(RUNS)], {
    env: npEnv,
    encoding: "utf8",
  }),
);
const tfjs = {};
for (const backend of ["cpu", "wasm"]) {
  log(`tfjs ${backend} (${TFJS_STEPS} steps, extrapolated to ${STEPS})...`);
  tfjs[backend] = jsonOf(
    execFileSync("node", [join(ROOT, "bench/tfjs.mjs"), dir, backend, String(TFJS_STEPS)], {
      cwd: ROOT,
      env,
      encoding: "utf8",
    }),
  );
  tfjs[backend].steps.extrapolatedMs = (tfjs[backend].steps.ms * STEPS) / TFJS_STEPS;
}
rmSync(dir, { recursive: true, force: true });

// ---- HTTP: autocannon against local wrangler dev -------------------------------------------------
async function httpBench() {
  const { default: autocannon } = await import("autocannon");
  log("wrangler dev (scripts/lib/dev-server.mjs), with the default models and digits...");
  const server = await startDevServer({ logLevel: "warn" });
  const { base } = server;
  try {
    const one = Buffer.from(testX.subarray(0, 784));
    const hundred = Buffer.from(testX.subarray(0, 78400));
    const targets = [
      { name: "GET /v1/ping (floor)", path: "/v1/ping", method: "GET" },
      {
        name: "predict 1 digit (uint8)",
        path: "/v1/models/mnist-two-layer/predict",
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: one,
      },
      {
        name: "predict 100 digits (uint8)",
        path: "/v1/models/mnist-two-layer/predict",
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: hundred,
      },
      {
        name: "predict 1 digit (JSON)",
        path: "/v1/models/mnist-two-layer/predict",
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ x: Array.from(one, (v) => v / 255) }),
      },
    ];
    const check = await fetch(base + targets[1].path, { method: "POST", headers: targets[1].headers, body: one });
    if (check.status !== 200) throw new Error(`predict answered ${check.status}: ${await check.text()}`);
    const results = [];
    // Each request comes from its own client address (CF-Connecting-IP, which `wrangler dev`
    // passes through), as a class of clients would: one address would meet the per-client limits
    // of the costly routes (batch predict) and measure their 429s instead of the route.
    let client = 0;
    const address = () => `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client++ & 255}`;
    for (const t of targets) {
      const run = (duration) =>
        autocannon({
          url: base,
          connections: 8,
          duration,
          requests: [
            {
              method: t.method,
              path: t.path,
              body: t.body,
              setupRequest: (req) => ({ ...req, headers: { ...t.headers, "cf-connecting-ip": address() } }),
            },
          ],
        });
      await run(2); // warm-up: JIT, model cache
      const r = await run(8);
      results.push({
        name: t.name,
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        errors: r.errors + r.non2xx,
        // what the errors were: HTTP statuses other than 2xx, and connection errors
        failures: [
          ...Object.entries(r.statusCodeStats ?? {})
            .filter(([code]) => !code.startsWith("2"))
            .map(([code, { count }]) => `${count} × ${code}`),
          ...(r.errors ? [`${r.errors} × connection error`] : []),
        ].join(", "),
        total: r.requests.total,
      });
      log(`${t.name}: ${r.requests.average} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`);
    }
    return results;
  } catch (err) {
    throw new Error(`${/** @type {Error} */ (err).message}\n${server.output().slice(-2000)}`);
  } finally {
    server.stop();
  }
}

function bundle() {
  const out = mkdtempSync(join(tmpdir(), "edgegrad-bundle-"));
  try {
    execFileSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", out], { cwd: ROOT, env, stdio: "ignore" });
    const files = readdirSync(out).filter((f) => !f.endsWith(".map") && statSync(join(out, f)).isFile());
    const sizes = files.map((f) => {
      const b = readFileSync(join(out, f));
      return { file: f, bytes: b.length, gzip: gzipSync(b).length };
    });
    return { files: sizes, bytes: sizes.reduce((a, b) => a + b.bytes, 0), gzip: sizes.reduce((a, b) => a + b.gzip, 0) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const http = flag("no-http") ? null : await httpBench();
const bundled = flag("no-bundle") ? null : bundle();
/** The global-scope share of module evaluation: the difference of two medians, or noise when it is not positive. */
function globalScope({ worker, modulesOnly }) {
  const ms = worker.evaluateMs - modulesOnly.evaluateMs;
  const what = "global-scope work (building the app's routes and OpenAPI registry, registering the kernels)";
  return ms > 0
    ? `of which ${ms.toFixed(1)} ms is ${what}`
    : `of which ${what} is too small to tell from the run-to-run spread (the modules alone measured ${(-ms).toFixed(1)} ms more)`;
}

// Module evaluation and first request in fresh Node processes (bench/startup.mjs).
const startup = flag("no-bundle")
  ? null
  : JSON.parse(execFileSync(process.execPath, [join(ROOT, "bench/startup.mjs"), "15"], { encoding: "utf8" }));
const loadAfter = loadavg();

// ---- report ---------------------------------------------------------------------------------------
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms >= 0.01 ? ms.toFixed(4) : ms.toFixed(5));
const r2 = (x) => x.toFixed(2);
const stepsMs = (x) => x.steps.extrapolatedMs ?? x.steps.ms;
/** @type {[string, (x: any) => number][]} */
const rows = [
  ["predict 10,000 digits", (x) => x.predict10k],
  ["predict 1 digit", (x) => x.predict1],
  ["1 SGD step, batch 100 (sigmoid)", (x) => x.sgdStep],
  [`${STEPS.toLocaleString("en")} SGD steps (+ accuracy at the end)`, stepsMs],
];
const table = [
  "| work (median ms) | edgegrad wasm | edgegrad ts | numpy | tfjs cpu | tfjs wasm | wasm / numpy | wasm / tfjs-wasm | ts / numpy |",
  "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  ...rows.map(([name, get]) => {
    const w = get(core.wasm),
      t = get(core.ts),
      n = get(numpy),
      tc = get(tfjs.cpu),
      tw = get(tfjs.wasm);
    return `| ${name} | ${fmt(w)} | ${fmt(t)} | ${fmt(n)} | ${fmt(tc)} | ${fmt(tw)} | **${r2(w / n)}** | **${r2(w / tw)}** | ${r2(t / n)} |`;
  }),
];
const acc = (x) =>
  `${(100 * x.steps.testAccuracy).toFixed(1)}% test / ${(100 * x.steps.trainAccuracy).toFixed(1)}% train`;
/** @type {[string, number, number, boolean?][]} */
const targets = [
  ["Predict 10,000: edgegrad / numpy <= 1.0", core.wasm.predict10k / numpy.predict10k, 1.0],
  ["Predict 10,000: edgegrad / tfjs-wasm <= 0.5", core.wasm.predict10k / tfjs.wasm.predict10k, 0.5],
  ["Predict one digit: edgegrad / numpy <= 0.2", core.wasm.predict1 / numpy.predict1, 0.2],
  ["One SGD step, batch 100: edgegrad / numpy <= 1.0", core.wasm.sgdStep / numpy.sgdStep, 1.0],
  [`${STEPS.toLocaleString("en")} steps: edgegrad / numpy <= 1.0`, core.wasm.steps.ms / numpy.steps.ms, 1.0],
];
const httpTable = http && [
  "| route (8 connections, 8 s after a 2 s warm-up) | req/s | p50 ms | p99 ms | vs floor | errors |",
  "|---|---:|---:|---:|---:|---:|",
  ...http.map(
    (h) =>
      `| ${h.name} | ${h.rps.toFixed(0)} | ${h.p50} | ${h.p99} | ${r2(h.rps / http[0].rps)} | ${h.errors}${h.failures ? ` (${h.failures})` : ""} |`,
  ),
];
if (http)
  targets.push(["HTTP: predict-one-digit throughput >= 0.8 x no-op route", http[1].rps / http[0].rps, 0.8, true]);
if (bundled) targets.push(["Bundle (uncompressed) <= 1 MiB", bundled.bytes / 2 ** 20, 1.0]);
const targetLines = targets.map(
  ([name, v, lim, atLeast]) =>
    `- ${name}: **${v.toFixed(2)}** — ${(atLeast ? v >= lim : v <= lim) ? "met" : "NOT met"}`,
);

let cpuModel = cpus()[0]?.model ?? "unknown";
try {
  cpuModel = readFileSync("/proc/cpuinfo", "utf8").match(/model name\s*:\s*(.*)/)?.[1] ?? cpuModel;
} catch {}
const py = execFileSync("python3", ["--version"], { encoding: "utf8" }).trim();
const machine = [
  `- CPU: ${cpuModel}, ${cpus().length} cores visible; ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
  `- Load average (1/5/15 min): before ${loadBefore.map((l) => l.toFixed(2)).join(" / ")}, after ${loadAfter.map((l) => l.toFixed(2)).join(" / ")}`,
  `- Node ${process.version}; ${py}; numpy ${numpy.blas.numpy} with ${numpy.blas.blas}, OpenBLAS kernel **${numpy.blas.corename ?? "?"}** (${numpy.blas.threads ?? "?"} threads; config: ${numpy.blas.config ?? "?"}; OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset for numpy)`,
  `- TensorFlow.js ${JSON.parse(readFileSync(join(ROOT, "node_modules/@tensorflow/tfjs/package.json"), "utf8")).version} (backends ${tfjs.cpu.backend}, ${tfjs.wasm.backend})`,
  `- Date: ${new Date().toISOString()}`,
];
const md = `# Benchmarks

Written by \`npm run bench\` (scripts/bench.mjs; arguments: ${args.join(" ") || "(defaults)"}). One run, side by side, on the
same 784-50-10 weights (fixtures/models/mnist-two-layer, relu) and the same 10,000 digits (fixtures/mnist
train + test); training from the same initial weights (0.01·randn, zero biases) on the 8,000 training digits.

- **edgegrad wasm**: core/nn with the Wasm SIMD kernels (core/nn/wasm, built from assembly/kernels.ts) as the
  Worker runs it; the model resident in Wasm memory as the Worker's model cache keeps it; inputs are the uint8
  digits (scaling to 0..1 and skipping zero pixels is part of the timed work).
- **edgegrad ts**: the same calls on the plain TypeScript kernels (the reference path the tests compare against).
- **numpy**: the book's code (\`TwoLayerNet.predict\` / \`.gradient\`, \`train_neuralnet.py\`'s loop without its
  per-step \`network.loss\` call), float64 weights, x = uint8 / 255 as float32 prepared before timing.
- **tfjs**: the same network with tf ops (matMul/add/relu/softmax; the book's backward by hand), inputs as
  float32 tensors prepared before timing.${STEPS > TFJS_STEPS ? ` Its ${STEPS.toLocaleString("en")} steps are **extrapolated** from ${TFJS_STEPS} steps (accuracy after ${TFJS_STEPS} steps).` : ""}

Medians of ${core.wasm.steps ? "" : ""}15 runs (predict 10,000), 3,000 calls (predict 1), 300 steps (SGD step; tfjs 100) and ${RUNS} run(s) of ${STEPS.toLocaleString("en")} steps. Ratios < 1 mean edgegrad is faster.

${table.join("\n")}

Accuracy after ${STEPS.toLocaleString("en")} steps: edgegrad wasm ${acc(core.wasm)}, edgegrad ts ${acc(core.ts)}, numpy ${acc(numpy)};
tfjs (after ${TFJS_STEPS} steps) cpu ${acc(tfjs.cpu)}, wasm ${acc(tfjs.wasm)}.

## Targets (this run)

${targetLines.join("\n")}

## HTTP (autocannon → local \`wrangler dev\`, loopback)

${httpTable ? httpTable.join("\n") : "(skipped: --no-http)"}

Both client and server share the machine's 2 cores, so these numbers are the overhead of each route relative to
the no-op floor on the same server, not production throughput. Each request comes from its own client address
(CF-Connecting-IP), as a class's would: from one address the batch route meets its per-client limit and answers 429.

## Cold start

${bundled ? `\`wrangler deploy --dry-run\`: ${bundled.files.map((f) => `${f.file} ${(f.bytes / 1024).toFixed(1)} KiB (gzip ${(f.gzip / 1024).toFixed(1)} KiB)`).join(", ")}; total **${(bundled.bytes / 1024).toFixed(1)} KiB** uncompressed, ${(bundled.gzip / 1024).toFixed(1)} KiB gzip.` : "(skipped: --no-bundle)"}

Global scope (worker/index.ts): module evaluation builds the Hono app and registers the Wasm kernel set; the
Wasm module is compiled by the platform at upload (CompiledWasm) and instantiated on the first predict/train
call, and models are decoded on first use (per-isolate LRU), so start-up does no numeric work.

${startup ? `Measured by \`bench/startup.mjs\` (the same bundle in fresh Node processes, median of ${startup.runs}): evaluating the Worker's module takes **${startup.worker.evaluateMs} ms**, ${globalScope(startup)} and ${startup.modulesOnly.evaluateMs} ms is loading the modules themselves (a one-line Worker: ${startup.noop.evaluateMs} ms). Its first request takes ${startup.worker.firstRequestMs} ms against ${startup.noop.firstRequestMs} ms for the one-line Worker. The app is built eagerly on purpose: Workers run global scope while the TLS handshake is in flight.` : ""}

## Machine

${machine.join("\n")}
`;
console.log(md);
if (!flag("no-write")) {
  writeFileSync(join(ROOT, "BENCHMARKS.md"), md);
  log("wrote BENCHMARKS.md");
}
