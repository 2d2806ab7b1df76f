/**
 * Writes fixtures/grading/: the dlfs-ch04 variants of the test students "alice" and "bob" under
 * the test GRADING_SECRET (vitest.config.ts), and what fixtures/grading/student.py — the book's
 * numpy functions — answers on them, correctly and with each classic mistake.
 *
 *   npx vite-node scripts/grading-fixtures.ts        (python3 + numpy; deterministic)
 *
 * The variants are computed here with the same core code the Worker runs and HMAC-SHA256 from
 * node:crypto (the Worker uses WebCrypto); the worker tests check that the variant route
 * returns exactly these documents, then submit the answers, which come from numpy only.
 * Also writes two-layer.npz: the default two-layer model saved by np.savez(f, **params).
 */
import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DLFS_CH04 } from "../core/grading/dlfs-ch04";
import { buildVariant, seedFromMac, variantMessage } from "../core/grading/variant";

const ROOT = join(import.meta.dirname ?? ".", "..");
const OUT = join(ROOT, "fixtures/grading");
const SECRET = "test-grading-secret";
const STUDENTS = ["alice", "bob"];
const STUDENT_PY = join(OUT, "student.py");

const seedOf = (student: string, problem: string): number =>
  seedFromMac(
    createHmac("sha256", SECRET)
      .update(variantMessage(DLFS_CH04.id, student, problem))
      .digest(),
  );

const mistakes = JSON.parse(execFileSync("python3", [STUDENT_PY, "--list-mistakes"], { encoding: "utf8" })) as Record<
  string,
  string[]
>;

for (const student of STUDENTS) {
  const variant = buildVariant(
    DLFS_CH04,
    student,
    DLFS_CH04.problems.map((p) => seedOf(student, p.id)),
  );
  const text = JSON.stringify(variant, null, 1) + "\n";
  writeFileSync(join(OUT, `variant-${student}.json`), text);
  const payloads: Record<string, string> = {};
  for (const mode of ["correct", ...Object.keys(mistakes)]) {
    const args = mode === "correct" ? [STUDENT_PY] : [STUDENT_PY, "--mistake", mode];
    payloads[mode] = execFileSync("python3", args, { input: text, encoding: "utf8" }).trim();
  }
  const doc = {
    generator: "scripts/grading-fixtures.ts + fixtures/grading/student.py",
    numpy: execFileSync("python3", ["-c", "import numpy; print(numpy.__version__)"], { encoding: "utf8" }).trim(),
    secret: SECRET,
    mistakes,
    payloads,
  };
  writeFileSync(join(OUT, `answers-${student}.json`), JSON.stringify(doc, null, 1) + "\n");
  console.log(`${student}: variant and ${Object.keys(payloads).length} answer sets`);
}

// The default two-layer model (fixtures/models, ReLU) as a student's np.savez(f, **network.params).
execFileSync(
  "python3",
  [
    "-c",
    `
import json, numpy as np
meta = json.load(open("fixtures/models/mnist-two-layer.json"))
raw = open("fixtures/models/mnist-two-layer.bin", "rb").read()
params = {p["name"]: np.frombuffer(raw, "<f4", p["byteLength"] // 4, p["byteOffset"]).reshape(p["shape"]) for p in meta["params"]}
with open("fixtures/grading/two-layer.npz", "wb") as f:
    np.savez(f, **params)
`,
  ],
  { cwd: ROOT },
);
console.log("two-layer.npz");

// The Python package's own request body (clients/python, edgegrad.assignment.submission_body) for
// alice's correct answers with the model attached, as Assignment.submit_model sends it (fixed
// boundary so the file is reproducible); test/worker/grading-examples.test.ts posts it.
execFileSync(
  "python3",
  [
    "-c",
    `
import json, sys
sys.path.insert(0, "clients/python")
from edgegrad.assignment import submission_body
payload = json.loads(json.load(open("fixtures/grading/answers-alice.json"))["payloads"]["correct"])
model = open("fixtures/grading/two-layer.npz", "rb").read()
body, ctype = submission_body(payload["student"], payload["answers"], {"model": model}, {"activation": "relu"}, "edgegrad-fixture-boundary")
open("fixtures/grading/client-request.bin", "wb").write(body)
json.dump({"content_type": ctype}, open("fixtures/grading/client-request.json", "w"))
`,
  ],
  { cwd: ROOT },
);
console.log("client-request.bin");
