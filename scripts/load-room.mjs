// `npm run load -- --room`: one classroom room under load on a local `wrangler dev` (its Durable
// Object in the local workerd, loopback only). Joins N simulated phones (WebSocket clients from
// Node, the `ws` package), then measures:
//   - fan-out: the teacher sends training points; for each point and each phone, the time from
//     the teacher's send to the phone's receipt (one clock: every client is in this process);
//   - digits: every phone sends a 28x28 test digit at once; the time to its guess;
//   - memory: resident memory of this server's workerd processes (those started for it, not
//     other workerd on the machine) before the room, with N phones joined, and after the
//     traffic: the room's Durable Object is the growth.
// With --runtime miniflare the Worker bundle is served by Miniflare directly (no dev-server
// proxy between the sockets and workerd).
//   node scripts/load-room.mjs [--phones 300] [--points 60] [--interval 100] [--runtime miniflare]
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import WebSocket from "ws";
import { startDevServer } from "./lib/dev-server.mjs";
import { startMiniflareServer } from "./lib/miniflare-server.mjs";

const root = join(import.meta.dirname, "..");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

/** Resident memory (kB) of the workerd processes descended from process `root`. */
function workerdRss(root) {
  const parent = new Map();
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      // /proc/<pid>/stat: "pid (name) state ppid ..."; the name may hold spaces
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      parent.set(Number(pid), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // process ended while we looked
    }
  }
  const descends = (pid) => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = parent.get(p) ?? 0, hops++) if (p === root) return true;
    return false;
  };
  let total = 0;
  for (const pid of parent.keys()) {
    if (!descends(pid)) continue;
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      if (/^Name:\s+workerd/m.test(status)) total += Number(status.match(/^VmRSS:\s+(\d+)/m)?.[1] ?? 0);
    } catch {
      // ended
    }
  }
  return total;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const summary = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const r = (v) => Math.round(v * 10) / 10;
  return {
    count: s.length,
    p50: r(percentile(s, 50)),
    p90: r(percentile(s, 90)),
    p99: r(percentile(s, 99)),
    max: r(s.at(-1)),
  };
};
const mb = (kb) => Math.round(kb / 1024);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A WebSocket client that queues JSON messages and lets a caller wait for one by type. */
function client(url, onMessage = (_m) => {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const waiting = new Map();
    ws.on("message", (data) => {
      const text = data.toString();
      if (text === "pong") return;
      const m = JSON.parse(text);
      onMessage(m);
      waiting.get(m.type)?.(m);
    });
    ws.on("error", reject);
    ws.on("open", () =>
      resolve({
        ws,
        send: (m) => ws.send(JSON.stringify(m)),
        next: (type) => new Promise((res) => waiting.set(type, (m) => (waiting.delete(type), res(m)))),
      }),
    );
  });
}

export async function loadRoom() {
  const phones = arg("phones", 300);
  const points = arg("points", 60);
  const interval = arg("interval", 100);
  const i = process.argv.indexOf("--runtime");
  const runtime = i > 0 ? process.argv[i + 1] : "wrangler-dev";
  const server = runtime === "miniflare" ? await startMiniflareServer() : await startDevServer();
  const memory = () => workerdRss(runtime === "miniflare" ? process.pid : server.pid);
  const ws = server.base.replace(/^http/, "ws");
  const report = { runtime, phones, points, intervalMs: interval };
  const sockets = [];
  try {
    await sleep(2000);
    const rss0 = memory();
    const room = await (
      await fetch(`${server.base}/v1/rooms`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      })
    ).json();

    // the teacher
    const teacher = await client(`${ws}/v1/rooms/${room.code}/ws?role=teacher`);
    sockets.push(teacher.ws);
    const authed = teacher.next("welcome");
    teacher.send({ type: "auth", key: room.key });
    await authed;

    // N phones, 25 connecting at a time
    const latencies = [];
    const lastPerPoint = new Map();
    const received = new Map();
    const onPoint = (m) => {
      if (m.type !== "train-point") return;
      const ms = performance.now() - m.t;
      latencies.push(ms);
      lastPerPoint.set(m.index, Math.max(lastPerPoint.get(m.index) ?? 0, ms));
      received.set(m.index, (received.get(m.index) ?? 0) + 1);
    };
    const joinStart = performance.now();
    const clients = [];
    for (let i = 0; i < phones; i += 25) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(25, phones - i) }, async (_, k) => {
          const c = await client(`${ws}/v1/rooms/${room.code}/ws?role=phone&phone=load-phone-${i + k}`, onPoint);
          sockets.push(c.ws);
          return c;
        }),
      );
      clients.push(...batch);
    }
    const info = await (await fetch(`${server.base}/v1/rooms/${room.code}`)).json();
    report.joined = { phones: info.connected, seconds: Math.round(performance.now() - joinStart) / 1000 };
    await sleep(1000);
    const rssJoined = memory();

    // fan-out of the training curve: one point every `interval` ms
    teacher.send({ type: "train-start", steps: points * 10, pace: null, label: "load test" });
    await sleep(500);
    for (let i = 0; i < points; i++) {
      teacher.send({ type: "train-point", step: (i + 1) * 10, loss: 2.3 / (i + 1), t: performance.now() });
      await sleep(interval);
    }
    const deadline = performance.now() + 30_000;
    while ([...received.values()].reduce((a, b) => a + b, 0) < points * phones && performance.now() < deadline)
      await sleep(100);
    report.fanout = {
      delivered: latencies.length,
      expected: points * phones,
      perPhoneMs: summary(latencies),
      lastPhonePerPointMs: summary([...lastPerPoint.values()]),
    };

    // every phone sends a test digit at once; each waits for its guess
    const images = readFileSync(join(root, "fixtures", "mnist", "test-images.u8"));
    const labels = readFileSync(join(root, "fixtures", "mnist", "test-labels.u8"));
    const digitMs = [];
    let right = 0;
    await Promise.all(
      clients.map(async (c, i) => {
        const answer = c.next("digit-result");
        const t0 = performance.now();
        c.send({
          type: "digit",
          pixels: Buffer.from(images.subarray(i * 784, (i + 1) * 784)).toString("base64"),
          label: labels[i],
        });
        const r = await answer;
        digitMs.push(performance.now() - t0);
        if (r.guess === labels[i]) right++;
      }),
    );
    report.digits = { ...summary(digitMs), right };
    await sleep(1000);
    const rssEnd = memory();
    report.workerdRssMB = {
      beforeRoom: mb(rss0),
      withPhonesJoined: mb(rssJoined),
      afterTraffic: mb(rssEnd),
      growth: mb(rssEnd - rss0),
    };
    if (report.fanout.delivered !== report.fanout.expected || report.joined.phones !== phones) {
      console.error("room load test FAILED: every phone must join and get every point");
      process.exitCode = 1;
    }
  } finally {
    for (const s of sockets) s.terminate();
    await server.stop();
  }
  console.log(JSON.stringify(report, null, 2));
}

if (process.argv[1] === import.meta.filename) await loadRoom();
