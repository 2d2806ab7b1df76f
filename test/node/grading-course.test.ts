import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DLFS_CH04 } from "../../core/grading/dlfs-ch04";
// @ts-expect-error plain ESM script without types
import { startDevServer } from "../../scripts/lib/dev-server.mjs";
import { devFetch } from "../helpers/dev-fetch";

/**
 * A course on a real `wrangler dev`: simulated Gradescope containers (temp dirs laid out as
 * /autograder, with submission_metadata.json; AUTOGRADER_ROOT points run_autograder at them)
 * grade a student's notebook written with the book's functions (fixtures/grading/student.py's
 * functions as notebook cells, with a shell line and a magic), and PrairieLearn's grader
 * (PL_GRADE_ROOT) grades the same notebook. An answers.json written by student.py for one
 * student's variant is graded for them and refused for anyone else.
 */
const root = join(import.meta.dirname, "..", "..");
const runAutograder = join(root, "examples", "gradescope", "run_autograder");
const plGrader = join(root, "examples", "prairielearn", "grade.py");
const studentPy = join(root, "fixtures", "grading", "student.py");
const work = mkdtempSync(join(tmpdir(), "edgegrad-course-"));

let server: { base: string; token: string; stop: () => void };
let grader: string;
const admin = () => ({ authorization: `Bearer ${server.token}` });
const fetch = devFetch;

/** student.py's code as a notebook: one code cell per section, plus a shell line, a magic and a markdown cell. */
function notebook(mistake?: { fn: string; name: string }): string {
  let source = readFileSync(studentPy, "utf8");
  if (mistake) {
    const before = source;
    source = source.replace(
      new RegExp(`def ${mistake.fn}\\(([^)]*)m=None\\)`),
      `def ${mistake.fn}($1m="${mistake.name}")`,
    );
    expect(source).not.toBe(before);
  }
  const parts = source.split(/\n(?=# ---- )/);
  const code = (text: string) => ({
    cell_type: "code",
    metadata: {},
    execution_count: null,
    outputs: [],
    source: text.split(/(?<=\n)/),
  });
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      { cell_type: "markdown", metadata: {}, source: ["# Chapter 4\n"] },
      code("!pip install numpy\n%matplotlib inline\nimport numpy as np\n"),
      ...parts.map(code),
      code("print(softmax(np.array([1010, 1000, 990])))\n"),
    ],
  });
}

interface Container {
  root: string;
  results: () => any;
}

/** A temp dir laid out as /autograder, with the student's files and Gradescope's metadata. */
function container(files: Record<string, string>, meta: Record<string, unknown>): Container {
  const dir = mkdtempSync(join(work, "autograder-"));
  mkdirSync(join(dir, "submission"), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, "submission", name), text);
  writeFileSync(
    join(dir, "submission_metadata.json"),
    JSON.stringify({ assignment: { title: "ch04" }, previous_submissions: [], ...meta }),
  );
  return { root: dir, results: () => JSON.parse(readFileSync(join(dir, "results", "results.json"), "utf8")) };
}

function gradescope(c: Container, assignment: string, extra: Record<string, string> = {}): any {
  execFileSync("python3", [runAutograder], {
    env: {
      ...process.env,
      AUTOGRADER_ROOT: c.root,
      EDGEGRAD: server.base,
      ASSIGNMENT: assignment,
      EDGEGRAD_GRADER_TOKEN: grader,
      ...extra,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return c.results();
}

const iso = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();
const HOUR = 3_600_000;

async function put(id: string, doc: unknown): Promise<void> {
  const res = await fetch(`${server.base}/v1/assignments/${id}`, {
    method: "PUT",
    headers: { ...admin(), "content-type": "application/json" },
    body: JSON.stringify(doc),
  });
  expect([200, 201]).toContain(res.status);
}

async function history(id: string, student: string): Promise<any> {
  return (
    await fetch(`${server.base}/v1/assignments/${id}/submissions?student=${encodeURIComponent(student)}`, {
      headers: admin(),
    })
  ).json();
}

const problems = DLFS_CH04.problems.filter((p) => p.kind !== "model_accuracy");
const maxScore = problems.reduce((s, p) => s + p.points, 0);

beforeAll(async () => {
  server = await startDevServer();
  // Code-graded, released (so PrairieLearn counts every problem), due an hour ago.
  await put("ch04-code", {
    title: "ch04, graded from code",
    mode: "code",
    released: true,
    due: iso(-HOUR),
    limits: { min_interval_seconds: 0, max_attempts: 5 },
    problems,
  });
  grader = (
    (await (await fetch(`${server.base}/v1/assignments/ch04-code/grader-token`, { headers: admin() })).json()) as any
  ).token;
}, 180_000);

afterAll(() => server?.stop());

describe("Gradescope, code-graded: the student's notebook runs in the container", () => {
  it("a notebook written with the book's functions gets full marks, identity and time from submission_metadata.json", async () => {
    const c = container(
      { "chapter4.ipynb": notebook() },
      { id: 5001, created_at: iso(-2 * HOUR), users: [{ email: "Alice@Example.EDU", id: 11, name: "Alice" }] },
    );
    const r = gradescope(c, "ch04-code");
    expect(r.tests).toHaveLength(problems.length);
    for (const t of r.tests) expect(t.status, `${t.name}: ${t.output}`).toBe("passed");
    expect(r.score).toBe(maxScore);
    expect(r.output_format).toBe("md");
    expect(r.tests.map((t: any) => t.visibility)).toContain("hidden");
    const h = await history("ch04-code", "alice@example.edu");
    expect(h.attempts).toHaveLength(1);
    expect(h.attempts[0]).toMatchObject({ attempt: 1, late: { days: 0 }, counts: true });
  });

  it("the same notebook with one classic mistake gets that diagnosis", () => {
    const c = container(
      { "chapter4.ipynb": notebook({ fn: "mean_squared_error", name: "missing-half" }) },
      { id: 5002, created_at: iso(-2 * HOUR), users: [{ email: "bob@example.edu", id: 12, name: "Bob" }] },
    );
    const r = gradescope(c, "ch04-code");
    const mse = r.tests.find((t: any) => t.name.startsWith("mse:"));
    expect(mse.score).toBe(0);
    expect(mse.tags).toEqual(["missing-half"]);
    expect(mse.output).toMatch(/0\.5 is missing/);
    expect(r.score).toBe(maxScore - 1);
  });

  it("an exception in the student's code becomes that problem's feedback", () => {
    const broken = JSON.parse(notebook());
    broken.cells.push({
      cell_type: "code",
      metadata: {},
      outputs: [],
      execution_count: null,
      source: ["def softmax(x):\n", "    return x / undefined_name\n"],
    });
    const c = container(
      { "chapter4.ipynb": JSON.stringify(broken) },
      { id: 5003, created_at: iso(-2 * HOUR), users: [{ email: "cid@example.edu", id: 13, name: "Cid" }] },
    );
    const r = gradescope(c, "ch04-code");
    const softmax = r.tests.find((t: any) => t.name.startsWith("softmax:"));
    expect(softmax.score).toBe(0);
    expect(softmax.output).toMatch(/NameError: name 'undefined_name' is not defined \(code cell \d+, line 2/);
  });

  it("Gradescope's regrade after the deadline changes neither the attempts nor the lateness", async () => {
    const meta = {
      id: 5001,
      created_at: iso(-2 * HOUR),
      users: [{ email: "alice@example.edu", id: 11, name: "Alice" }],
    };
    const before = await history("ch04-code", "alice@example.edu");
    const r = gradescope(container({ "chapter4.ipynb": notebook() }, meta), "ch04-code");
    expect(r.score).toBe(maxScore);
    expect(r.output).toMatch(/attempt 1\. This attempt was regraded/);
    const after = await history("ch04-code", "alice@example.edu");
    expect(after.attempts).toEqual(before.attempts);
  });

  it("keeps the previous result when edgegrad cannot be reached", () => {
    const previous = {
      score: 7,
      output: "earlier",
      tests: [{ name: "mse: mean_squared_error", score: 1, max_score: 1 }],
    };
    const meta = {
      id: 5004,
      created_at: iso(-HOUR),
      users: [{ email: "alice@example.edu" }],
      previous_submissions: [{ submission_time: iso(-3 * HOUR), score: 7, results: previous }],
    };
    const r = gradescope(container({ "chapter4.ipynb": notebook() }, meta), "ch04-code", {
      EDGEGRAD: "http://127.0.0.1:9",
    });
    expect(r.score).toBe(7);
    expect(r.tests).toEqual(previous.tests);
    expect(r.output).toMatch(/could not be reached.*previous result is kept/s);
  });
});

describe("Gradescope, answers: identity from the platform", () => {
  it("a copied answers.json under another id is refused, and nobody's attempts are spent", async () => {
    await put("ch04-answers", {
      title: "ch04, answers",
      due: iso(24 * HOUR),
      problems: problems.filter((p) => p.visibility === undefined),
    });
    const token = (
      (await (
        await fetch(`${server.base}/v1/assignments/ch04-answers/grader-token`, { headers: admin() })
      ).json()) as any
    ).token;
    const variant = await (
      await fetch(`${server.base}/v1/assignments/ch04-answers/variant?student=erin@example.edu`)
    ).text();
    const answers = execFileSync("python3", [studentPy], { input: variant, encoding: "utf8" });
    // erin's own submission is graded in full...
    const own = gradescope(
      container(
        { "answers.json": answers },
        { id: 6001, created_at: iso(-HOUR), users: [{ email: "Erin@example.edu" }] },
      ),
      "ch04-answers",
      { EDGEGRAD_GRADER_TOKEN: token },
    );
    expect(own.tests.every((t: any) => t.status === "passed")).toBe(true);
    // ...and frank's copy of it is refused before anything is submitted.
    const copy = gradescope(
      container(
        { "answers.json": answers },
        { id: 6002, created_at: iso(-HOUR), users: [{ email: "frank@example.edu" }] },
      ),
      "ch04-answers",
      { EDGEGRAD_GRADER_TOKEN: token },
    );
    expect(copy.score).toBe(0);
    expect(copy.tests).toEqual([]);
    expect(copy.output).toMatch(/written for the variant of 'erin@example.edu'.*refused/s);
    expect((await history("ch04-answers", "frank@example.edu")).attempts).toHaveLength(0);
    expect((await history("ch04-answers", "erin@example.edu")).attempts).toHaveLength(1);
  });
});

describe("PrairieLearn", () => {
  it("the example external grader grades the same notebook to the same score", () => {
    const dir = mkdtempSync(join(work, "grade-"));
    mkdirSync(join(dir, "student"), { recursive: true });
    mkdirSync(join(dir, "data"), { recursive: true });
    writeFileSync(join(dir, "student", "chapter4.ipynb"), notebook());
    writeFileSync(
      join(dir, "data", "data.json"),
      JSON.stringify({ variant_seed: 4242, params: {}, submitted_answers: {} }),
    );
    execFileSync("python3", [plGrader], {
      env: {
        ...process.env,
        PL_GRADE_ROOT: dir,
        EDGEGRAD: server.base,
        ASSIGNMENT: "ch04-code",
        EDGEGRAD_GRADER_TOKEN: grader,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const r = JSON.parse(readFileSync(join(dir, "results", "results.json"), "utf8"));
    expect(r.gradable).toBe(true);
    expect(r.score).toBe(1); // Gradescope: maxScore of maxScore
    expect(r.tests).toHaveLength(problems.length);
    for (const t of r.tests) expect(t.points).toBe(t.max_points);
  });

  it("a refused submission is not gradable, with format errors", () => {
    const dir = mkdtempSync(join(work, "grade-"));
    mkdirSync(join(dir, "student"), { recursive: true });
    writeFileSync(join(dir, "student", "chapter4.ipynb"), notebook());
    execFileSync("python3", [plGrader], {
      env: {
        ...process.env,
        PL_GRADE_ROOT: dir,
        EDGEGRAD: server.base,
        ASSIGNMENT: "ch04-code",
        EDGEGRAD_GRADER_TOKEN: "gt_wrong",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const r = JSON.parse(readFileSync(join(dir, "results", "results.json"), "utf8"));
    expect(r.gradable).toBe(false);
    expect(r.format_errors.join(" ")).toMatch(/grader token/);
  });
});
