// Loads into a running edgegrad (local `wrangler dev`, or a deployed Worker) the default models
// (fixtures/models/*.json + .bin) and the bundled digits (fixtures/mnist/*.u8) as the dataset
// `mnist` through the admin API, so the same validation and storage code runs as for any upload:
// test (2,000 digits), and train, from which PUT /v1/datasets/mnist/train sets aside the private
// grading split (the last 1,000 of the 8,000 training digits; 7,000 stay for training).
// Idempotent: what is already there is left alone.
//   node scripts/load-defaults.mjs [http://localhost:8787]   (token from ADMIN_TOKEN or .dev.vars)
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const defaultRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

export async function waitForServer(base, seconds = 90) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    try {
      const res = await fetch(`${base}/`, { headers: { accept: "application/json" } });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${base} did not answer within ${seconds} s`);
}

/** A model file (meta + little-endian float32 bytes) as the JSON body of PUT /v1/models/:name. */
function modelBody(meta, bytes) {
  const params = {};
  for (const p of meta.params) {
    const values = new Float32Array(
      bytes.buffer.slice(bytes.byteOffset + p.byteOffset, bytes.byteOffset + p.byteOffset + p.byteLength),
    );
    const flat = Array.from(values);
    params[p.name] =
      p.shape.length === 1
        ? flat
        : Array.from({ length: p.shape[0] }, (_, i) => flat.slice(i * p.shape[1], (i + 1) * p.shape[1]));
  }
  return { arch: meta.arch, activation: meta.activation, params };
}

async function check(res, what) {
  if (!res.ok) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return res;
}

export async function loadDefaults(base, token, { root = defaultRoot, log = console.log } = {}) {
  await waitForServer(base);
  const auth = { authorization: `Bearer ${token}` };
  for (const split of ["test", "train"]) {
    const have = await fetch(`${base}/v1/mnist/samples?dataset=mnist&split=${split}&n=1`);
    if (have.ok) continue;
    const images = readFileSync(join(root, "fixtures", "mnist", `${split}-images.u8`));
    const labels = readFileSync(join(root, "fixtures", "mnist", `${split}-labels.u8`));
    const res = await check(
      await fetch(`${base}/v1/datasets/mnist/${split}`, {
        method: "PUT",
        headers: { ...auth, "content-type": "application/octet-stream" },
        body: Buffer.concat([images, labels]),
      }),
      `storing the ${split} digits`,
    );
    const { stored } = await res.json();
    log(`  stored mnist: ${stored.map((m) => `${m.count} ${m.split}`).join(", ")} digits`);
  }
  const dir = join(root, "fixtures", "models");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    const meta = JSON.parse(readFileSync(join(dir, file), "utf8"));
    const have = await fetch(`${base}/v1/models/${meta.name}`);
    if (have.ok) continue;
    const bytes = readFileSync(join(dir, file.replace(/\.json$/, ".bin")));
    await check(
      await fetch(`${base}/v1/models/${meta.name}`, {
        method: "PUT",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify(modelBody(meta, bytes)),
      }),
      `storing ${meta.name}`,
    );
    log(`  seeded model ${meta.name} (${meta.arch}, test accuracy ${meta.testAccuracy})`);
  }
  log(`  edgegrad is ready at ${base} (docs: ${base}/docs)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const base = process.argv[2] ?? "http://localhost:8787";
  let token = process.env.ADMIN_TOKEN;
  if (!token) token = readFileSync(join(defaultRoot, ".dev.vars"), "utf8").match(/^ADMIN_TOKEN=(.*)$/m)?.[1];
  await loadDefaults(base, token);
}
