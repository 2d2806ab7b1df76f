import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without types
import { startDevServer } from "../../scripts/lib/dev-server.mjs";

/**
 * The Gradescope example, end to end against a real `wrangler dev`: the book's numpy functions
 * (fixtures/grading/student.py) answer a variant, Gradescope's run_autograder grades it with
 * curl, and the gradebook lists the student. A student's own path (the edgegrad package and
 * examples/dlfs-ch04.ipynb) is test/node/python.test.ts.
 */
const root = join(import.meta.dirname, "..", "..");
const student = join(root, "fixtures", "grading", "student.py");
const autograder = join(root, "examples", "gradescope", "run_autograder");
const model = join(root, "fixtures", "grading", "two-layer.npz");

let server: { base: string; token: string; stop: () => void };
const work = mkdtempSync(join(tmpdir(), "edgegrad-examples-"));

const py = (args: string[], input?: string) => execFileSync("python3", args, { encoding: "utf8", input, cwd: root });
const variantOf = async (name: string, assignment = "dlfs-ch04") => {
  const res = await fetch(`${server.base}/v1/assignments/${assignment}/variant?student=${name}`);
  expect(res.status).toBe(200);
  return res.text();
};

beforeAll(async () => {
  server = await startDevServer();
}, 180_000);

afterAll(() => server?.stop());

describe("examples/", () => {
  it("gradescope/run_autograder: a results.json whose scores add up", async () => {
    const variant = await variantOf("bob");
    const submission = join(work, "submission");
    mkdirSync(submission, { recursive: true });
    writeFileSync(join(submission, "answers.json"), py([student, "--mistake", "missing-half"], variant));
    copyFileSync(model, join(submission, "params.npz"));
    const results = join(work, "results.json");
    execFileSync("bash", [autograder], { env: { ...process.env, EDGEGRAD: server.base, SUBMISSION: submission, RESULTS: results, ACTIVATION: "relu" } });
    const out = JSON.parse(readFileSync(results, "utf8"));
    const sum = out.tests.reduce((s: number, t: { score: number }) => s + t.score, 0);
    expect(out.score).toBeCloseTo(sum, 9);
    const mse = out.tests.find((t: { name: string }) => /mean_squared_error/.test(t.name));
    expect(mse.score).toBeLessThan(mse.max_score);
    expect(mse.output).toMatch(/0\.5/);
  });

  it("token-only assignments: run_autograder with the admin token", async () => {
    const admin = { authorization: `Bearer ${server.token}` };
    const doc = { title: "locked", submissions: "token", limits: { min_interval_seconds: 0, max_attempts: 5 }, problems: [{ id: "mse", kind: "mse", points: 1 }] };
    const put = await fetch(`${server.base}/v1/assignments/locked`, { method: "PUT", headers: { ...admin, "content-type": "application/json" }, body: JSON.stringify(doc) });
    expect(put.status).toBe(201);
    const submission = join(work, "locked-submission");
    mkdirSync(submission, { recursive: true });
    writeFileSync(join(submission, "answers.json"), py([student], await variantOf("carol", "locked")));
    const results = join(work, "locked-results.json");
    const env = { ...process.env, EDGEGRAD: server.base, ASSIGNMENT: "locked", SUBMISSION: submission, RESULTS: results };
    execFileSync("bash", [autograder], { env });
    expect(JSON.parse(readFileSync(results, "utf8")).score).toBe(0); // refused: no token
    execFileSync("bash", [autograder], { env: { ...env, EDGEGRAD_ADMIN_TOKEN: server.token } });
    expect(JSON.parse(readFileSync(results, "utf8")).score).toBe(1);
  });

  it("the gradebook CSV lists the student", async () => {
    const res = await fetch(`${server.base}/v1/assignments/dlfs-ch04/gradebook.csv`, { headers: { authorization: `Bearer ${server.token}` } });
    const lines = (await res.text()).trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^student,/);
    expect(lines.map((l) => l.split(",")[0])).toContain("bob");
  });
});
