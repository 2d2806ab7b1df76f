import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without types
import { startDevServer } from "../../scripts/lib/dev-server.mjs";

/**
 * The grading examples, end to end against a real `wrangler dev`: the standard-library Python
 * client fetches a variant, the book's numpy functions (fixtures/grading/student.py) answer it,
 * the client submits it, Gradescope's run_autograder grades another student with curl, and the
 * gradebook lists both.
 */
const root = join(import.meta.dirname, "..", "..");
const client = join(root, "examples", "edgegrad_client.py");
const student = join(root, "fixtures", "grading", "student.py");
const autograder = join(root, "examples", "gradescope", "run_autograder");
const model = join(root, "fixtures", "grading", "two-layer.npz");

let server: { base: string; token: string; stop: () => void };
const work = mkdtempSync(join(tmpdir(), "edgegrad-examples-"));

const py = (args: string[], input?: string) => execFileSync("python3", args, { encoding: "utf8", input, cwd: root });

beforeAll(async () => {
  server = await startDevServer();
}, 180_000);

afterAll(() => server?.stop());

describe("examples/", () => {
  it("edgegrad_client.py: variant, the book's answers, submit: full marks", () => {
    const variant = py([client, "--url", server.base, "variant", "alice"]);
    expect(JSON.parse(variant).student).toBe("alice");
    const answers = py([student], variant);
    writeFileSync(join(work, "alice.json"), answers);
    const graded = JSON.parse(py([client, "--url", server.base, "submit", join(work, "alice.json"), "--model", model, "--activation", "relu"]));
    expect(graded.score).toBe(graded.max_score);
    expect(graded.score).toBeGreaterThan(0);
  });

  it("gradescope/run_autograder: a results.json whose scores add up", () => {
    const variant = py([client, "--url", server.base, "variant", "bob"]);
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

  it("token-only assignments: the client with the student's token, run_autograder with the admin token", async () => {
    const admin = { authorization: `Bearer ${server.token}` };
    const doc = { title: "locked", submissions: "token", limits: { min_interval_seconds: 0, max_attempts: 5 }, problems: [{ id: "mse", kind: "mse", points: 1 }] };
    const put = await fetch(`${server.base}/v1/assignments/locked`, { method: "PUT", headers: { ...admin, "content-type": "application/json" }, body: JSON.stringify(doc) });
    expect(put.status).toBe(201);
    const csv = await (await fetch(`${server.base}/v1/assignments/locked/tokens.csv?students=carol`, { headers: admin })).text();
    const token = csv.trim().split("\r\n")[1].split(",")[1];
    const variant = py([client, "--url", server.base, "--assignment", "locked", "variant", "carol"]);
    writeFileSync(join(work, "carol.json"), py([student], variant));
    const submit = (extra: string[]) =>
      execFileSync("python3", [client, "--url", server.base, "--assignment", "locked", "submit", join(work, "carol.json"), ...extra], { encoding: "utf8", cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    expect(() => submit([])).toThrow();
    expect(JSON.parse(submit(["--student-token", token])).score).toBe(1);
    const submission = join(work, "locked-submission");
    mkdirSync(submission, { recursive: true });
    copyFileSync(join(work, "carol.json"), join(submission, "answers.json"));
    const results = join(work, "locked-results.json");
    const env = { ...process.env, EDGEGRAD: server.base, ASSIGNMENT: "locked", SUBMISSION: submission, RESULTS: results };
    execFileSync("bash", [autograder], { env });
    expect(JSON.parse(readFileSync(results, "utf8")).score).toBe(0); // refused: no token
    execFileSync("bash", [autograder], { env: { ...env, EDGEGRAD_ADMIN_TOKEN: server.token } });
    expect(JSON.parse(readFileSync(results, "utf8")).score).toBe(1);
  });

  it("the gradebook CSV lists both students", () => {
    const csv = py([client, "--url", server.base, "--token", server.token, "gradebook"]);
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^student,/);
    expect(lines.map((l) => l.split(",")[0]).sort()).toEqual(["alice", "bob", "student"]);
  });
});
