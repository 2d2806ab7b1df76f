// npm run budgets: a hostile corpus against the bundled Worker (wrangler's own bundle served by
// Miniflare, one workerd process), measuring per request what the issue's budgets are about:
// status, CPU time of the workerd process (from /proc/<pid>/task/*/schedstat, nanoseconds),
// the Worker's own estimate (X-Work-Estimate-Ms; requests without a modelled job get the body
// budget below), peak RSS growth (VmHWM after the request minus VmRSS before it, with the peak
// reset through /proc/<pid>/clear_refs) and the response size. Then the estimate/measured table
// for training over hidden sizes, batch sizes and evaluation periods. Writes BUDGETS.md.
// Timing, so never part of npm test. Run under `nice`: nice -n 10 npm run budgets
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configuredRatelimits, startMiniflareServer } from "./lib/miniflare-server.mjs";
import { makeIdxSet } from "./make-idx-set.mjs";

const root = join(import.meta.dirname, "..");
const MEMORY_BUDGET_MB = 64;
/** Requests without a modelled job: a fixed 50 ms (routing, validation, a model decoded on first use) plus 100 ns per body byte (parsing, validating and answering it). */
const bodyBudgetMs = (/** @type {number} */ bytes) => 50 + bytes * 100e-6;

/** The workerd process Miniflare started for us (a child of this process). */
function workerdPid() {
  for (const p of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (stat.includes("(workerd)") && Number(fields[1]) === process.pid) return Number(p);
    } catch {
      // gone
    }
  }
  throw new Error("no workerd child process found");
}

/** @param {number} pid */
function cpuNs(pid) {
  let total = 0;
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // thread ended
    }
  }
  return total;
}

/** @param {number} pid @param {string} field */
function statusKb(pid, field) {
  const m = readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`^${field}:\\s+(\\d+)`, "m"));
  return m ? Number(m[1]) : NaN;
}

const encoder = new TextEncoder();
const json = (/** @type {unknown} */ v) => encoder.encode(JSON.stringify(v));

// ---- data for the corpus ----
const images = new Uint8Array(readFileSync(join(root, "fixtures/mnist/test-images.u8")));
const labels = new Uint8Array(readFileSync(join(root, "fixtures/mnist/test-labels.u8")));
const digit = (/** @type {number} */ i) => Array.from(images.subarray(i * 784, (i + 1) * 784), (v) => v / 255);
const digits = (/** @type {number} */ n) => Array.from({ length: n }, (_, i) => digit(i % 2000));
const bookY = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];
const bookT = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0];

/** A PNG of one digit: gray 28x28, with `empty` empty IDAT chunks before its data. */
async function png(/** @type {number} */ empty) {
  const crc = crcTable;
  const raw = new Uint8Array(28 * 29);
  for (let y = 0; y < 28; y++) raw.set(images.subarray(y * 28, y * 28 + 28), y * 29 + 1);
  const { deflateSync } = await import("node:zlib");
  const idat = new Uint8Array(deflateSync(raw));
  const chunks = [];
  const chunk = (/** @type {string} */ type, /** @type {Uint8Array} */ data) => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(encoder.encode(type), 4);
    out.set(data, 8);
    view.setUint32(8 + data.length, crc(out.subarray(4, 8 + data.length)));
    return out;
  };
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, 28);
  new DataView(ihdr.buffer).setUint32(4, 28);
  ihdr[8] = 8;
  chunks.push(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), chunk("IHDR", ihdr));
  const emptyChunk = chunk("IDAT", new Uint8Array(0));
  for (let i = 0; i < empty; i++) chunks.push(emptyChunk);
  chunks.push(chunk("IDAT", idat), chunk("IEND", new Uint8Array(0)));
  return Buffer.concat(chunks);
}

/** CRC-32 (ISO 3309), for PNG chunks. */
function crcTable(/** @type {Uint8Array} */ bytes) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** .npy of float32 rows. */
function npyFloat32(/** @type {number} */ rows) {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, 784), }`;
  header += " ".repeat(64 - ((10 + header.length + 1) % 64)) + "\n";
  const head = new Uint8Array(10 + header.length);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(head.buffer).setUint16(8, header.length, true);
  head.set(encoder.encode(header), 10);
  const data = new Float32Array(rows * 784);
  for (let i = 0; i < data.length; i++) data[i] = images[i % images.length] / 255;
  return Buffer.concat([head, new Uint8Array(data.buffer)]);
}

function multipart(/** @type {Record<string, string | Uint8Array>} */ fields) {
  const boundary = "budgetsBoundary7MA4YWxkTrZu0gW";
  const parts = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`),
      typeof value === "string" ? encoder.encode(value) : value,
      encoder.encode("\r\n"),
    );
  }
  parts.push(encoder.encode(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

/** A body sent in chunks without Content-Length. */
function chunked(/** @type {Uint8Array} */ bytes) {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.subarray(at, at + (1 << 16)));
      at += 1 << 16;
    },
  });
}

const deepBody = Buffer.concat([
  encoder.encode('{"x":'),
  Buffer.alloc(10_000_000, "["),
  Buffer.alloc(10_000_000, "]"),
  encoder.encode("}"),
]);
const unknownKey = (/** @type {boolean} */ labels) =>
  Buffer.concat([
    encoder.encode(`{"x": [${JSON.stringify(digit(0))}],${labels ? ' "t": [7],' : ""} "extra": [`),
    Buffer.alloc(15_000_000 * 3 - 2, "0, "),
    encoder.encode("0]}"),
  ]);
const descentF = "np.sum(" + Array.from({ length: 90 }, () => "x[::-1]").join(" + ") + ")";

/**
 * @typedef {{ name: string, method?: string, path: string, type?: string, body?: Uint8Array | (() => ReadableStream), headers?: Record<string, string>, admin?: boolean, sse?: boolean }} Case
 */
const idxDir = mkdtempSync(join(tmpdir(), "edgegrad-budgets-idx-"));
makeIdxSet(idxDir);

/** @type {Case[]} */
const CASES = [
  { name: "ping", method: "GET", path: "/v1/ping" },
  { name: "service description", method: "GET", path: "/" },
  { name: "OpenAPI document", method: "GET", path: "/openapi.json" },
  { name: "mse (the book's example)", path: "/v1/loss/mse", body: json({ y: bookY, t: bookT }) },
  { name: "cross-entropy (the book's example)", path: "/v1/loss/cross-entropy", body: json({ y: bookY, t: 2 }) },
  {
    name: "softmax of 50,000 numbers",
    path: "/v1/softmax",
    body: json({ x: Array.from({ length: 50_000 }, (_, i) => (i % 97) / 7) }),
  },
  {
    name: "softmax of 100,000 numbers (over the 1 MB body cap)",
    path: "/v1/softmax",
    body: json({ x: Array.from({ length: 100_000 }, (_, i) => (i % 97) / 7) }),
  },
  {
    name: "mse, 2 MB body (Content-Length over the cap)",
    path: "/v1/loss/mse",
    body: json({ y: new Array(300_000).fill(0.5), t: new Array(300_000).fill(0.5) }),
  },
  {
    name: "mse, 8 MB chunked body without Content-Length",
    path: "/v1/loss/mse",
    body: () => chunked(Buffer.alloc(8 << 20, " ")),
  },
  { name: "diff (the book's example)", path: "/v1/diff", body: json({ f: "0.01*x**2 + 0.1*x", x: 5 }) },
  {
    name: "gradient over 1,000 variables",
    path: "/v1/gradient",
    body: json({ f: "np.sum(x**2)", x: new Array(1000).fill(1.5) }),
  },
  {
    name: "descent (the book's example)",
    path: "/v1/descent",
    body: json({ f: "x[0]**2 + x[1]**2", init: [-3, 4], lr: 0.1, steps: 100 }),
  },
  {
    name: "descent, 90 reversed slices, 10,000 steps (#3)",
    path: "/v1/descent",
    body: json({ f: descentF, init: [1, 2, 3], steps: 10_000 }),
  },
  {
    name: "descent, 90 reversed slices, 20 variables, 3 steps",
    path: "/v1/descent",
    body: json({ f: descentF, init: new Array(20).fill(1), steps: 3 }),
  },
  {
    name: "descent streamed (event stream)",
    path: "/v1/descent",
    body: json({ f: "np.sum(x**2)", init: new Array(100).fill(2), steps: 2000, lr: 0.01 }),
    sse: true,
  },
  {
    name: "simplenet (the book's example)",
    path: "/v1/simplenet",
    body: json({
      W: [
        [0.47355232, 0.9977393, 0.84668094],
        [0.85557411, 0.03563661, 0.69422093],
      ],
      x: [0.6, 0.9],
      t: [0, 0, 1],
    }),
  },
  { name: "predict one digit (JSON)", path: "/v1/models/mnist-two-layer/predict", body: json({ x: digit(0) }) },
  {
    name: "predict 2,000 digits (JSON, 30 MB)",
    path: "/v1/models/mnist-two-layer/predict",
    body: json({ x: digits(2000) }),
  },
  { name: "predict, 45 MB with an unknown key (#2)", path: "/v1/models/mnist-simple/predict", body: unknownKey(false) },
  { name: "predict, 10,000,000 nested lists (#6)", path: "/v1/models/mnist-simple/predict", body: deepBody },
  {
    name: "predict 10,000 uint8 rows (binary)",
    path: "/v1/models/mnist-two-layer/predict",
    type: "application/octet-stream",
    body: images.subarray(0, 2000 * 784),
  },
  {
    name: "predict 10,000 float32 rows (.npy, 31 MB)",
    path: "/v1/models/mnist-two-layer/predict",
    type: "application/x-npy",
    body: npyFloat32(10_000),
  },
  {
    name: "evaluate 1,000 digits with labels (JSON)",
    path: "/v1/models/mnist-two-layer/evaluate",
    body: json({ x: digits(1000), t: Array.from(labels.subarray(0, 1000)) }),
  },
  { name: "evaluate the stored test split", path: "/v1/models/mnist-two-layer/evaluate?split=test", body: json({}) },
  { name: "model list", method: "GET", path: "/v1/models" },
  { name: "2,000 samples of the test split", method: "GET", path: "/v1/mnist/samples?split=test&n=2000&seed=1" },
  {
    name: "train hidden 1, batch 1, eval every step, 400 steps (#1)",
    path: "/v1/train",
    body: json({ hidden_size: 1, batch_size: 1, steps: 400, eval_every: 1, lr: 1e-9, momentum: 0 }),
  },
  {
    name: "train the same with 10,000 steps (#1)",
    path: "/v1/train",
    body: json({ hidden_size: 1, batch_size: 1, steps: 10000, eval_every: 1, lr: 1e-9, momentum: 0 }),
  },
  { name: "train, 45 MB with an unknown key (#2)", path: "/v1/train", body: unknownKey(true) },
  { name: "train 300 steps of the default net", path: "/v1/train", body: json({ steps: 300, eval_every: 100 }) },
  {
    name: "train on 1,000 posted dense digits, batch 1,000",
    path: "/v1/train",
    body: json({
      x: digits(1000).map((r) => r.map((v) => 0.05 + 0.9 * v)),
      t: Array.from(labels.subarray(0, 1000)),
      steps: 3,
      batch_size: 1000,
      eval_every: 0,
      hidden_size: 100,
    }),
  },
  {
    name: "train streamed (event stream)",
    path: "/v1/train",
    body: json({ steps: 200, eval_every: 100, hidden_size: 20 }),
    sse: true,
  },
  {
    name: "train numerical gradient, tiny net",
    path: "/v1/train",
    body: json({ hidden_size: 1, batch_size: 1, steps: 3, gradient: "numerical", eval_every: 0 }),
  },
  { name: "gradient check (the book's)", path: "/v1/gradient-check", body: json({}) },
  {
    name: "gradient check, hidden 1,000, 100 samples",
    path: "/v1/gradient-check",
    body: json({ hidden_size: 1000, samples: 100 }),
  },
  { name: "gradient check, 45 MB unknown key", path: "/v1/gradient-check", body: unknownKey(true) },
  {
    name: "submission (JSON)",
    path: "/v1/assignments/dlfs-ch04/submissions",
    body: json({ student: "budget-1", answers: { mse: 0.0975 } }),
  },
  {
    name: "submission, 15 MB multipart field (#4)",
    path: "/v1/assignments/dlfs-ch04/submissions",
    ...(() => {
      const m = multipart({ submission: `{"student":"budget-2","answers":{},"pad":"${"a".repeat(15_000_000)}"}` });
      return { body: m.body, type: m.type };
    })(),
  },
  { name: "variant of a student", method: "GET", path: "/v1/assignments/dlfs-ch04/variant?student=budget-3" },
  { name: "PNG digit", path: "/v1/models/mnist-two-layer/predict", type: "image/png", body: await png(0) },
  {
    name: "PNG, 666,650 empty IDAT chunks (#5)",
    path: "/v1/models/mnist-two-layer/predict",
    type: "image/png",
    body: await png(666_650),
  },
  // The official-format 60,000 / 10,000 set (scripts/make-idx-set.mjs): each split as the two
  // IDX .gz files of one multipart request, as `curl -F images=@... -F labels=@...` sends them.
  ...(() => {
    const file = (/** @type {string} */ name) => new Uint8Array(readFileSync(join(idxDir, name)));
    const upload = (/** @type {string} */ prefix) =>
      multipart({ images: file(`${prefix}-images-idx3-ubyte.gz`), labels: file(`${prefix}-labels-idx1-ubyte.gz`) });
    const train = upload("train");
    const test = upload("t10k");
    return [
      {
        name: "PUT 60,000 training images (IDX .gz, 9.8 MB, multipart, admin)",
        method: "PUT",
        path: "/v1/datasets/full/train?grading=0",
        admin: true,
        body: train.body,
        type: train.type,
      },
      {
        name: "PUT 10,000 test images (IDX .gz, 1.6 MB, multipart, admin)",
        method: "PUT",
        path: "/v1/datasets/full/test",
        admin: true,
        body: test.body,
        type: test.type,
      },
      {
        name: "train one epoch of the 60,000 (600 steps of 100; loads both splits)",
        path: "/v1/train",
        body: json({ dataset: "full", steps: 600, eval_every: 600, lr_schedule: "constant", shift: 0 }),
      },
    ];
  })(),
  {
    name: "PUT a model (JSON, admin)",
    method: "PUT",
    path: "/v1/models/budget-net",
    admin: true,
    body: json({
      arch: "simple",
      params: { W: Array.from({ length: 784 }, () => new Array(10).fill(0.001)), b: new Array(10).fill(0) },
    }),
  },
];

/** Training grid for the estimate/measured table: hidden x batch x evaluation period. */
const GRID = [];
for (const hidden of [1, 10, 50, 100]) {
  for (const batch of [1, 10, 100, 1000]) {
    for (const every of ["1", "10", "steps"]) {
      const steps = every === "1" ? 10 : every === "10" ? 50 : batch === 1000 ? 30 : 100;
      GRID.push({
        hidden,
        batch,
        every,
        steps,
        body: { hidden_size: hidden, batch_size: batch, steps, eval_every: every === "steps" ? steps : Number(every) },
      });
    }
  }
}

// The Rate Limiting bindings of wrangler.jsonc, as Miniflare simulates them (each request below
// comes from its own CF-Connecting-IP, so none is limited).
const server = await startMiniflareServer({ options: { ratelimits: configuredRatelimits() } });
const pid = workerdPid();
// The D1 tables, as `wrangler d1 migrations apply` creates them.
const db = await server.mf.getD1Database("DB");
for (const file of readdirSync(join(root, "migrations"))
  .filter((f) => f.endsWith(".sql"))
  .sort()) {
  const sql = readFileSync(join(root, "migrations", file), "utf8").replace(/--.*$/gm, "");
  for (const statement of sql
    .split(";")
    .map((x) => x.trim())
    .filter(Boolean))
    await db.prepare(statement).run();
}
let ip = 0;

/**
 * One HTTP request over node:http: the body is written in 64 KiB pieces, and the answer is read
 * as soon as it comes, even when the Worker refuses the body before it has all been sent (the
 * rest of the write then fails and is ignored, as a client's would be).
 * @param {string} method @param {string} url @param {Record<string, string>} headers
 * @param {Uint8Array | ReadableStream | undefined} body
 * @returns {Promise<{ status: number | string, size: number, headers: Record<string, string | string[] | undefined> }>}
 */
function send(method, url, headers, body) {
  return new Promise((resolve) => {
    const h = { ...headers };
    if (body instanceof Uint8Array) h["content-length"] = String(body.length);
    const req = request(url, { method, headers: h }, (res) => {
      let size = 0;
      res.on("data", (d) => (size += d.length));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, size, headers: res.headers }));
      res.on("error", () => resolve({ status: res.statusCode ?? "reset", size, headers: res.headers }));
    });
    req.on("error", (err) =>
      resolve({ status: `closed (${/** @type {NodeJS.ErrnoException} */ (err).code})`, size: 0, headers: {} }),
    );
    (async () => {
      try {
        if (body instanceof Uint8Array) {
          for (let at = 0; at < body.length; at += 1 << 16) {
            if (!req.write(body.subarray(at, at + (1 << 16)))) await new Promise((r) => req.once("drain", r));
            if (req.destroyed) return;
          }
        } else if (body) {
          const reader = body.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done || req.destroyed) break;
            if (!req.write(value)) await new Promise((r) => req.once("drain", r));
          }
        }
        req.end();
      } catch {
        // the Worker closed the connection: its answer (if any) is read above
      }
    })();
  });
}

/** Sends one request and measures it. @param {Case} c */
async function measure(c) {
  /** @type {Record<string, string>} */
  const headers = { ...(c.headers ?? {}), "cf-connecting-ip": `198.51.100.${(ip++ % 250) + 1}` };
  if (c.body) headers["content-type"] = c.type ?? "application/json";
  if (c.admin) headers.authorization = `Bearer ${server.token}`;
  if (c.sse) headers.accept = "text/event-stream";
  const body = typeof c.body === "function" ? c.body() : c.body;
  const bytes = body instanceof Uint8Array ? body.length : body ? 8 << 20 : 0;
  writeFileSync(`/proc/${pid}/clear_refs`, "5");
  const rssBefore = statusKb(pid, "VmRSS");
  const cpuBefore = cpuNs(pid);
  const res = await send(c.method ?? (c.body ? "POST" : "GET"), server.base + c.path, headers, body);
  const size = res.size;
  await new Promise((r) => setTimeout(r, 20));
  const cpuMs = (cpuNs(pid) - cpuBefore) / 1e6;
  const peakMb = (statusKb(pid, "VmHWM") - rssBefore) / 1024;
  const raw = res.headers["x-work-estimate-ms"];
  const header = typeof raw === "string" ? raw : null;
  const estimateMs = header !== null ? Number(header) + bodyBudgetMs(bytes) : bodyBudgetMs(bytes);
  return { status: res.status, cpuMs, estimateMs, modelled: header !== null, peakMb: Math.max(0, peakMb), size };
}

// Warm up: the first request of each kind compiles code and decodes models (once per isolate).
for (const c of CASES.filter((c) =>
  [
    "ping",
    "mse (the book's example)",
    "predict one digit (JSON)",
    "descent (the book's example)",
    "gradient check (the book's)",
    "submission (JSON)",
    "PNG digit",
  ].includes(c.name),
))
  await measure(c);
await measure({ name: "warm train", path: "/v1/train", body: json({ steps: 5, eval_every: 0 }) });

const rows = [];
for (const c of CASES) {
  const m = await measure(c);
  rows.push({ name: c.name, ...m });
  console.log(
    `${String(m.status).padEnd(4)} cpu ${m.cpuMs.toFixed(1).padStart(8)} ms  est ${m.estimateMs.toFixed(0).padStart(7)} ms  peak +${m.peakMb.toFixed(1).padStart(6)} MB  ${String(m.size).padStart(9)} B  ${c.name}`,
  );
}

const grid = [];
for (const g of GRID) {
  const m = await measure({ name: "grid", path: "/v1/train", body: json(g.body) });
  grid.push({ ...g, ...m });
  console.log(
    `grid H=${g.hidden} B=${g.batch} eval_every=${g.every}: ${m.status} cpu ${m.cpuMs.toFixed(1)} est ${m.estimateMs.toFixed(0)} ratio ${(m.cpuMs / m.estimateMs).toFixed(2)}`,
  );
}
await server.stop();
rmSync(idxDir, { recursive: true, force: true });

// ---- BUDGETS.md ----
const within = (/** @type {{ cpuMs: number, estimateMs: number, peakMb: number }} */ r) =>
  r.cpuMs <= 2 * r.estimateMs && r.peakMb <= MEMORY_BUDGET_MB;
const failures = [...rows, ...grid].filter((r) => !within(r));
const lines = [
  "# Budgets",
  "",
  `One \`npm run budgets\` run (${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${process.version}, the Worker bundled by wrangler and served by Miniflare's workerd on a shared 2-core machine).`,
  `Budgets: no request grows the workerd process by more than ${MEMORY_BUDGET_MB} MB (half of a Worker's 128 MB), and no request uses more than 2x the CPU the Worker estimated for it.`,
  "CPU is the workerd process's CPU time over the request (all threads, /proc/<pid>/task/*/schedstat); peak RSS growth is VmHWM after the request minus VmRSS before it (the peak reset through /proc/<pid>/clear_refs).",
  "The estimate is the Worker's `X-Work-Estimate-Ms` (the calibrated cost model of the job it admitted) plus the body budget, 50 ms + 100 ns per body byte; refused and unmodelled requests get the body budget only.",
  "",
  `Result: ${failures.length === 0 ? "every case within 64 MB and 2x of its estimate." : `${failures.length} case(s) outside the budgets: ${failures.map((f) => ("name" in f ? f.name : "grid")).join("; ")}.`}`,
  "",
  "| case | status | CPU ms | estimate ms | CPU / estimate | peak RSS growth MB | response bytes |",
  "|---|---|---|---|---|---|---|",
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.status} | ${r.cpuMs.toFixed(1)} | ${r.estimateMs.toFixed(0)}${r.modelled ? "" : " (body)"} | ${(r.cpuMs / r.estimateMs).toFixed(2)} | ${r.peakMb.toFixed(1)} | ${r.size} |`,
  ),
  "",
  "## Training: estimate against measured CPU",
  "",
  "POST /v1/train on the stored digits of mnist (7,000 train, 2,000 test; shifts of 1 pixel, momentum 0.9), hidden sizes 1..100, batch sizes 1..1000, evaluations every step, every 10 steps and only at the end (eval_every = steps). The estimate is the route's X-Work-Estimate-Ms plus the body budget.",
  "",
  "| hidden | batch | eval_every | steps | status | CPU ms | estimate ms | CPU / estimate |",
  "|---|---|---|---|---|---|---|---|",
  ...grid.map(
    (g) =>
      `| ${g.hidden} | ${g.batch} | ${g.every === "steps" ? `steps (${g.steps})` : g.every} | ${g.steps} | ${g.status} | ${g.cpuMs.toFixed(1)} | ${g.estimateMs.toFixed(0)} | ${(g.cpuMs / g.estimateMs).toFixed(2)} |`,
  ),
  "",
  `Largest CPU / estimate: ${Math.max(...[...rows, ...grid].map((r) => r.cpuMs / r.estimateMs)).toFixed(2)}; largest peak RSS growth: ${Math.max(...[...rows, ...grid].map((r) => r.peakMb)).toFixed(1)} MB.`,
  "",
];
writeFileSync(join(root, "BUDGETS.md"), lines.join("\n"));
console.log(`wrote BUDGETS.md (${failures.length} outside the budgets)`);
if (failures.length) process.exitCode = 1;
