#!/usr/bin/env node
/**
 * The full-size import path, measured end to end against a real `wrangler dev` (local R2):
 *
 *   1. scripts/make-idx-set.mjs writes a 60,000 / 10,000 MNIST-format set as the four official
 *      IDX .gz files into a temp dir;
 *   2. one `curl` per split uploads them (PUT /v1/datasets/shifted/{train,test}?grading=0, so all
 *      60,000 train), timing each and the workerd process's peak RSS growth during it
 *      (/proc/<pid>/clear_refs resets the high-water mark, VmHWM reads it);
 *   3. POST /v1/train trains the 784-50-10 net one epoch (600 steps of 100) per call, chaining
 *      the calls with init_from, and reports the time and the accuracy on all 10,000 test images
 *      after each epoch; then evaluates on the test split, and shows that evaluating on mnist is
 *      refused without allow_other_dataset.
 *
 *   node scripts/measure-datasets.mjs [--epochs 3]        (Linux: reads /proc)
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDevServer } from "./lib/dev-server.mjs";
import { makeIdxSet } from "./make-idx-set.mjs";

const args = process.argv.slice(2);
const epochs = Number(args[args.indexOf("--epochs") + 1] || 3) || 3;
const mb = (kb) => (kb / 1024).toFixed(1);

/** workerd processes in the dev server's process group. */
function workerdPids(pgid) {
  const pids = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid && stat.includes("(workerd)")) pids.push(Number(d));
    } catch {
      // gone
    }
  }
  return pids;
}
const status = (pid, key) =>
  Number(readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`^${key}:\\s+(\\d+)`, "m"))?.[1]);

/** Runs fn, returning its result with the wall time and the peak RSS growth of workerd. */
async function measured(pids, fn) {
  const before = pids.map((p) => status(p, "VmRSS"));
  for (const p of pids) execFileSync("sh", ["-c", `echo 5 > /proc/${p}/clear_refs`]);
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  const growth = Math.max(...pids.map((p, i) => status(p, "VmHWM") - before[i]));
  return { result, ms, growthKb: growth };
}

const dir = mkdtempSync(join(tmpdir(), "edgegrad-measure-"));
console.log(`building the 60,000 / 10,000 set in ${dir} ...`);
const set = makeIdxSet(dir);
const server = await startDevServer({ log: () => {} });
try {
  const pids = workerdPids(server.pid);
  if (!pids.length) throw new Error("no workerd process found");
  const curl = (split, files) =>
    spawnSync(
      "curl",
      [
        "-sS",
        "-X",
        "PUT",
        `${server.base}/v1/datasets/shifted/${split}${split === "train" ? "?grading=0" : ""}`,
        "-H",
        `Authorization: Bearer ${server.token}`,
        "-F",
        `images=@${join(dir, files[0])}`,
        "-F",
        `labels=@${join(dir, files[1])}`,
        "-F",
        `classes=${set.classes.join(",")}`,
      ],
      { encoding: "utf8" },
    );
  const rows = [];
  console.log("\n| step | time | workerd peak RSS growth | result |\n|---|---|---|---|");
  const row = (r) => {
    rows.push(r);
    console.log(r);
  };
  for (const [split, files] of [
    ["train", ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"]],
    ["test", ["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]],
  ]) {
    const m = await measured(pids, async () => curl(split, files));
    const body = JSON.parse(m.result.stdout);
    if (m.result.status !== 0 || !body.stored) throw new Error(`upload ${split}: ${m.result.stdout}${m.result.stderr}`);
    const count = body.stored.find((s) => s.split === split).count;
    row(
      `| upload ${split} (${count.toLocaleString("en-US")} images, ${(set.files[files[0]].bytes / 1e6).toFixed(1)} MB .gz) | ${(m.ms / 1000).toFixed(1)} s | +${mb(m.growthKb)} MB |`,
    );
  }
  // curl, as the README has it: a fresh connection per request (Node's fetch reuses an idle
  // keep-alive connection that wrangler's proxy may have closed meanwhile: "other side closed").
  const post = async (path, body) => {
    const r = spawnSync(
      "curl",
      [
        "-sS",
        "-X",
        "POST",
        `${server.base}${path}`,
        "-H",
        `Authorization: Bearer ${server.token}`,
        ...(body === undefined ? [] : ["-H", "content-type: application/json", "--data-binary", JSON.stringify(body)]),
        "-w",
        "\n%{http_code}",
      ],
      { encoding: "utf8", maxBuffer: 64 << 20 },
    );
    const at = r.stdout.lastIndexOf("\n");
    return { status: Number(r.stdout.slice(at + 1)), json: JSON.parse(r.stdout.slice(0, at) || "null") };
  };
  // The README's commands: the default 784-50-10 recipe with a constant lr and no shifts, one epoch a call.
  const recipe = {
    dataset: "shifted",
    steps: 600,
    eval_every: 600,
    lr_schedule: "constant",
    shift: 0,
    save_as: "shifted-net",
  };
  for (let e = 1; e <= epochs; e++) {
    const body = e === 1 ? recipe : { ...recipe, seed: e, init_from: { model: "shifted-net" } };
    const m = await measured(pids, () => post("/v1/train", body));
    if (m.result.status !== 200) throw new Error(`train epoch ${e}: ${JSON.stringify(m.result.json)}`);
    const f = m.result.json.final;
    row(
      `| train epoch ${e} (600 steps of 100 on 60,000; evaluation on 60,000 + 10,000) | ${(m.ms / 1000).toFixed(1)} s | +${mb(m.growthKb)} MB | train ${(100 * f.train_accuracy).toFixed(2)} %, test ${(100 * f.test_accuracy).toFixed(2)} % |`,
    );
  }
  // What one request may do: the cap's 422 for 100 epochs states the estimate, from which the epochs within the cap follow.
  const over = await post("/v1/train", { ...recipe, steps: 60_000, save_as: undefined });
  const perEpochMs = over.json.estimated_ms / 100;
  row(
    `| one request's cap (${(over.json.cap_ms / 1000).toFixed(0)} s of estimated CPU) | | | ${over.status}: ${Math.floor(over.json.cap_ms / perEpochMs)} epochs of 600 steps per request (estimate ${(perEpochMs / 1000).toFixed(1)} s each); longer: chain with init_from |`,
  );
  const ev = await measured(pids, () => post("/v1/models/shifted-net/evaluate?dataset=shifted&split=test", undefined));
  row(
    `| evaluate on the 10,000 test images | ${(ev.ms / 1000).toFixed(1)} s | +${mb(ev.growthKb)} MB | ${(100 * ev.result.json.accuracy).toFixed(2)} % (count ${ev.result.json.count}) |`,
  );
  const other = await post("/v1/models/shifted-net/evaluate?dataset=mnist&split=test", undefined);
  row(`| evaluate on mnist without allow_other_dataset | | | ${other.status} |`);
} catch (err) {
  console.error(err);
  console.error(`--- wrangler output ---\n${server.output().slice(-3000)}`);
  process.exitCode = 1;
} finally {
  server.stop();
  rmSync(dir, { recursive: true, force: true });
}
