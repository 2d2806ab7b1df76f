// Global-scope cost of the Worker: bundles worker/index.ts with wrangler as `wrangler deploy`
// does (scripts/lib/bundle-worker.mjs), then times, in fresh Node
// processes, (1) evaluating that module and (2) its first request, against a one-line Worker.
// Prints JSON: medians in ms. Used by scripts/bench.mjs; run alone: node bench/startup.mjs
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundledScript, bundleWorker, forNode } from "../scripts/lib/bundle-worker.mjs";

const ROOT = join(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "edgegrad-startup-"));
const runs = Number(process.argv[2] ?? 15);

/** Bundles `entry` with wrangler and writes it to `out` as a module Node can evaluate. */
function bundle(entry, out) {
  const outdir = `${out}.d`;
  mkdirSync(outdir);
  bundleWorker(outdir, { entry });
  writeFileSync(out, forNode(outdir));
}

const app = join(dir, "app.mjs");
bundle(join(ROOT, "worker/index.ts"), app);
// The same modules without the entry's global-scope calls (createApp, setKernels), and with the
// Durable Object class the config names: the difference from the Worker's evaluation is the
// work done at global scope.
const modulesOnly = join(dir, "modules.mjs");
const entry = join(dir, "modules-entry.ts");
writeFileSync(
  entry,
  `import { createApp } from ${JSON.stringify(join(ROOT, "worker/app.ts"))};\nimport kernels from ${JSON.stringify(join(ROOT, "core/nn/wasm/kernels.wasm"))};\nexport { Room } from ${JSON.stringify(join(ROOT, "worker/rooms/room.ts"))};\nexport default { fetch() { return new Response(String(typeof createApp) + String(kernels)); } };\n`,
);
bundle(entry, modulesOnly);
const noop = join(dir, "noop.mjs");
writeFileSync(noop, "export default { fetch() { return new Response('ok'); } };\n");

// One fresh process per sample: module evaluation, then the first request's handling.
const probe = join(dir, "probe.mjs");
writeFileSync(
  probe,
  `const t0 = performance.now();
const mod = await import(process.argv[2]);
const t1 = performance.now();
const res = await mod.default.fetch(new Request("http://x/v1/softmax", { method: "POST", headers: { "content-type": "application/json" }, body: '{"x":[1,2,3]}' }), {}, { waitUntil() {}, passThroughOnException() {} });
await res.text();
const t2 = performance.now();
console.log(JSON.stringify({ evaluate: t1 - t0, first: t2 - t1 }));\n`,
);

const median = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
function measure(file) {
  const samples = Array.from({ length: runs }, () =>
    JSON.parse(execFileSync(process.execPath, [probe, file], { encoding: "utf8" })),
  );
  return {
    evaluateMs: +median(samples.map((s) => s.evaluate)).toFixed(2),
    firstRequestMs: +median(samples.map((s) => s.first)).toFixed(2),
  };
}

const result = {
  runs,
  worker: measure(app),
  modulesOnly: measure(modulesOnly),
  noop: measure(noop),
  bundleBytes: statSync(bundledScript(`${app}.d`)).size,
};
console.log(JSON.stringify(result));
