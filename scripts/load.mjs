// Bounded load test against a local `wrangler dev` (loopback only): mixed valid requests on the
// public routes for a fixed time, then the figures the README's reliability section quotes —
// requests, errors, non-2xx answers, latency percentiles and the workerd processes' memory.
// The same load is then sent to a one-line Worker under the same `wrangler dev`, because the
// local dev server's own memory grows with the number of requests served whatever the Worker.
// With --runtime miniflare the same Worker bundle is served by Miniflare directly instead.
//   node scripts/load.mjs [--seconds 60] [--connections 50] [--no-baseline] [--runtime miniflare]
//   node scripts/load.mjs --room [--phones 300]   (a classroom room: scripts/load-room.mjs)

import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { freePort, startDevServer } from "./lib/dev-server.mjs";
import { startMiniflareServer } from "./lib/miniflare-server.mjs";
import { wranglerEnv } from "./lib/wrangler-env.mjs";
import { waitForServer } from "./load-defaults.mjs";

// `npm run load -- --room`: the classroom room's fan-out instead (scripts/load-room.mjs).
if (process.argv.includes("--room")) {
  await (await import("./load-room.mjs")).loadRoom();
  process.exit();
}

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const seconds = arg("seconds", 60);
const connections = arg("connections", 50);

const json = (path, body) => ({
  method: "POST",
  path,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
const bookT = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
const bookY = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];

/** Resident memory (kB) of every workerd process on the machine. */
function workerdRss() {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      if (!/^Name:\s+workerd/m.test(status)) continue;
      total += Number(status.match(/^VmRSS:\s+(\d+)/m)?.[1] ?? 0);
    } catch {
      // process ended while we looked
    }
  }
  return total;
}

const runtime = process.argv.includes("--runtime")
  ? process.argv[process.argv.indexOf("--runtime") + 1]
  : "wrangler-dev";
const server = runtime === "miniflare" ? await startMiniflareServer() : await startDevServer();
/** @type {Record<string, any>} */
let report;
try {
  const samples = await (await fetch(`${server.base}/v1/mnist/samples?split=test&n=100&seed=3`)).json();
  const requests = [
    json("/v1/loss/mse", { y: bookY, t: bookT }),
    json("/v1/loss/cross-entropy", { y: bookY, t: 2 }),
    json("/v1/softmax", {
      x: [
        [1010, 1000, 990],
        [0.3, 2.9, 4.0],
      ],
    }),
    json("/v1/diff", { f: "0.01*x**2 + 0.1*x", x: 5 }),
    json("/v1/gradient", { f: "np.sum(x**2)", x: [3, 4, 5] }),
    json("/v1/descent", { f: "x[0]**2 + x[1]**2", init: [-3, 4], lr: 0.1, steps: 100 }),
    json("/v1/simplenet", {
      W: [
        [0.47355232, 0.9977393, 0.84668094],
        [0.85557411, 0.03563661, 0.69422093],
      ],
      x: [0.6, 0.9],
      t: [0, 0, 1],
    }),
    json("/v1/models/mnist-two-layer/predict", { x: samples.x[0] }),
    json("/v1/models/mnist-simple/predict", { x: samples.x.slice(0, 100) }),
    { method: "GET", path: "/v1/models" },
    { method: "GET", path: "/v1/mnist/samples?split=test&n=10&seed=1" },
  ];
  const run = await loadWithMemory(server.base, requests);
  report = { runtime, seconds, connections, routes: requests.length, ...run };
  if (report.errors || report.timeouts || report.non2xx) {
    console.error("load test FAILED: valid requests must all succeed");
    process.exitCode = 1;
  }
} finally {
  await server.stop();
}
if (runtime === "wrangler-dev" && !process.argv.includes("--no-baseline"))
  report.baselineOneLineWorker = await baseline();
console.log(JSON.stringify(report, null, 2));

/** Runs the load for `seconds`, sampling the workerd processes' memory every second. */
async function loadWithMemory(base, requests) {
  const memory = [workerdRss()];
  const timer = setInterval(() => memory.push(workerdRss()), 1000);
  const result = await autocannon({ url: base, connections, duration: seconds, requests });
  clearInterval(timer);
  memory.push(workerdRss());
  const third = Math.max(1, Math.floor(memory.length / 3));
  const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
  return {
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    workerdRssMB: {
      start: Math.round(memory[0] / 1024),
      firstThird: Math.round(mean(memory.slice(0, third)) / 1024),
      lastThird: Math.round(mean(memory.slice(-third)) / 1024),
      end: Math.round(memory[memory.length - 1] / 1024),
    },
  };
}

/** The same load against `export default { fetch: () => new Response("ok") }` under wrangler dev. */
async function baseline() {
  const dir = mkdtempSync(join(tmpdir(), "edgegrad-noop-"));
  writeFileSync(join(dir, "index.js"), 'export default { fetch() { return new Response("ok"); } };\n');
  writeFileSync(join(dir, "wrangler.toml"), 'name = "noop"\nmain = "index.js"\ncompatibility_date = "2026-02-01"\n');
  const port = await freePort();
  const wrangler = join(import.meta.dirname, "..", "node_modules", ".bin", "wrangler");
  const child = spawn(wrangler, ["dev", "--ip", "127.0.0.1", "--port", String(port)], {
    cwd: dir,
    env: { ...wranglerEnv, CI: "true" },
    stdio: "ignore",
    detached: true,
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForServer(base);
    return await loadWithMemory(base, [{ method: "GET", path: "/" }]);
  } finally {
    process.kill(-(child.pid ?? 0), "SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}
