import { type SpawnOptions, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { en, ko } from "../../core/i18n";
// @ts-expect-error plain ESM script without types
import { startDevServer } from "../../scripts/lib/dev-server.mjs";
// @ts-expect-error plain ESM script without types
import { buildPythonSdist } from "../../scripts/lib/python-sdist.mjs";

/**
 * The Python package (clients/python) and the student notebook (examples/dlfs-ch04.ipynb),
 * end to end against a real `wrangler dev`: the package is pip-installed from the Worker's own
 * /py/edgegrad.tar.gz into a fresh venv with no package index and its unit tests run against
 * the server; the notebook runs top to bottom in a real Jupyter kernel (Debian's nbclient and
 * ipykernel, which .ci/run installs) whose venv has `pip install ./clients/python`.
 *
 * One `wrangler dev` for everything. The notebook runs against a copy of dlfs-ch04 without its
 * 10 s between submissions (the waiting itself is a unit test with 2 s); the venvs are set up
 * side by side and the unit tests and the three notebook runs go at once, each `it` awaiting
 * its own run: most of the time is Python starting, not CPU.
 */
const root = join(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "edgegrad-python-"));
let server: { base: string; token: string; stop: () => void; output: () => string };

// One BLAS thread: the machine's cores are shared, and numpy's threads only contend there.
const quietEnv = {
  OPENBLAS_NUM_THREADS: "1",
  OMP_NUM_THREADS: "1",
  PYDEVD_DISABLE_FILE_VALIDATION: "1",
  PIP_DISABLE_PIP_VERSION_CHECK: "1",
};

/**
 * Runs a command to completion without blocking the event loop (which must keep draining
 * `wrangler dev`'s output); resolves with {status, stdout, stderr}.
 */
function exec(
  cmd: string,
  args: string[],
  opts: SpawnOptions = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: root,
      ...opts,
      env: { ...process.env, ...quietEnv, ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

async function run(cmd: string, args: string[], opts: SpawnOptions = {}): Promise<string> {
  const r = await exec(cmd, args, opts);
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}:\n${r.stdout.slice(-6000)}\n${r.stderr.slice(-6000)}`);
  return r.stdout;
}

/**
 * A fresh venv over `python`'s site-packages (numpy, and for the kernel Debian's Jupyter). Its
 * pip is the base one (--without-pip: copying pip into every venv took ~35 s on a loaded machine);
 * `venv/bin/python -m pip install` still installs into the venv.
 */
async function venv(python: string, name: string): Promise<string> {
  const dir = join(work, name);
  await run(python, ["-m", "venv", "--without-pip", "--system-site-packages", dir]);
  return join(dir, "bin", "python");
}

async function admin(method: string, path: string, body?: unknown): Promise<Response> {
  const res = await fetch(server.base + path, {
    method,
    headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}
const COURSE = "nb-course"; // the notebook's assignment in these tests: dlfs-ch04 without the spacing
let unitTests: Promise<Run>;
let notebookRuns: Record<"full" | "en" | "ko", Promise<Cell[]>>;

beforeAll(async () => {
  expect(buildPythonSdist()).toMatch(/edgegrad\.tar\.gz$/);
  server = await startDevServer();
  const doc = (await (await fetch(`${server.base}/v1/assignments/dlfs-ch04`)).json()) as Record<string, unknown>;
  await admin("PUT", `/v1/assignments/${COURSE}`, {
    ...doc,
    id: COURSE,
    limits: { min_interval_seconds: 0, max_attempts: 100 },
  });
  const [python, kernelPython] = await Promise.all([packageVenv(), kernelVenv()]);
  // -s tests: the tests import the installed package, not clients/python/edgegrad.
  const env = { EDGEGRAD_URL: server.base, EDGEGRAD_ADMIN_TOKEN: server.token };
  unitTests = exec(python, ["-m", "unittest", "discover", "-s", join(root, "clients", "python", "tests"), "-v"], {
    cwd: work,
    env,
  });
  const execute = (cells: Cell[], name: string, env: Record<string, string>) =>
    runNotebook(kernelPython, cells, name, env);
  notebookRuns = {
    full: execute(readNotebook(notebookPath).cells, "full-marks", { EDGEGRAD_STUDENT: "nb-full" }),
    en: execute(withMissingHalf(), "missing-half-en", { EDGEGRAD_STUDENT: "nb-mistake-en", EDGEGRAD_LANG: "en" }),
    ko: execute(withMissingHalf(), "missing-half-ko", { EDGEGRAD_STUDENT: "nb-mistake-ko", EDGEGRAD_LANG: "ko" }),
  };
  for (const p of [unitTests, ...Object.values(notebookRuns)]) p.catch(() => {}); // awaited (and reported) by their tests
}, 300_000);

afterAll(() => {
  server?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** `pip install http://<worker>/py/edgegrad.tar.gz` with no package index, into a fresh venv. */
async function packageVenv(): Promise<string> {
  const python = await venv("python3", "pip-from-worker");
  await run(python, ["-m", "pip", "install", "--no-index", "-q", `${server.base}/py/edgegrad.tar.gz`]);
  return python;
}

describe("clients/python: the edgegrad package", () => {
  it("installs from the Worker's /py/edgegrad.tar.gz with no package index, and its unit tests pass against wrangler dev", async () => {
    const python = join(work, "pip-from-worker", "bin", "python");
    expect(await run(python, ["-c", "import edgegrad; print(edgegrad.__file__)"])).toContain(
      join(work, "pip-from-worker"),
    );
    const r = await unitTests;
    expect(r.stderr).toMatch(/\nOK\s*$/);
    expect(r.status).toBe(0);
  }, 600_000);
});

// ---- the notebook ------------------------------------------------------------------------

interface Output {
  output_type: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: Output[];
}
const joined = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join("") : (v ?? ""));
const notebookPath = join(root, "examples", "dlfs-ch04.ipynb");
const readNotebook = (path: string): { cells: Cell[] } => JSON.parse(readFileSync(path, "utf8"));
/** The feedback check()/submit_model() displayed, per cell that calls them: text and HTML. */
const feedbackOf = (cell: Cell) =>
  (cell.outputs ?? [])
    .filter((o) => o.output_type === "display_data")
    .map((o) => ({ text: joined(o.data?.["text/plain"]), html: joined(o.data?.["text/html"]) }));

/** The Python that has Debian's Jupyter (jupyter-nbconvert, python3-nbclient, python3-ipykernel). */
function jupyterPython(): string {
  for (const python of ["/usr/bin/python3", "python3"]) {
    if (spawnSync(python, ["-c", "import nbclient, nbformat, ipykernel, numpy"]).status === 0) return python;
  }
  throw new Error(
    "no Python with nbclient, ipykernel and numpy: apt-get install jupyter-nbconvert python3-nbclient python3-ipykernel python3-numpy (.ci/run does)",
  );
}

const KERNEL = "edgegrad-notebook-test";

/**
 * `pip install ./clients/python` as a student does from a clone, into the kernel's own venv,
 * registered as a kernelspec inside that venv so the kernel runs its python.
 */
async function kernelVenv(): Promise<string> {
  const python = await venv(jupyterPython(), "kernel");
  await run(python, ["-m", "pip", "install", "--no-index", "-q", "./clients/python"]);
  await run(python, ["-m", "ipykernel", "install", "--sys-prefix", "--name", KERNEL]);
  return python;
}

/** Executes the cells (in the course copy of the assignment) in a fresh kernel; the executed cells. */
async function runNotebook(
  kernelPython: string,
  cells: Cell[],
  name: string,
  env: Record<string, string>,
): Promise<Cell[]> {
  const src = join(work, `${name}.ipynb`);
  const out = join(work, `${name}.out.ipynb`);
  const course = cells.map((c) => ({ ...c, source: joined(c.source).replace('"dlfs-ch04"', `"${COURSE}"`) }));
  writeFileSync(src, JSON.stringify({ ...readNotebook(notebookPath), cells: course }));
  try {
    await run(kernelPython, [join(root, "test", "node", "run_notebook.py"), src, out, KERNEL], {
      env: { EDGEGRAD_URL: server.base, ...env },
    });
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- wrangler dev ---\n${server.output().slice(-4000)}`);
  }
  return readNotebook(out).cells;
}

/** The notebook with one classic mistake: the 0.5 missing from mean_squared_error. */
function withMissingHalf(): Cell[] {
  const book = "return 0.5 * np.sum((y - t) ** 2)";
  const cells = readNotebook(notebookPath).cells.map((c) => ({
    ...c,
    source: joined(c.source).replace(book, "return np.sum((y - t) ** 2)"),
  }));
  expect(cells.map((c) => c.source).join("")).not.toContain(book);
  return cells;
}
const shownBy = (cells: Cell[], call: string) =>
  feedbackOf(cells.find((c) => c.cell_type === "code" && joined(c.source).includes(call))!);

describe("examples/dlfs-ch04.ipynb in a Jupyter kernel", () => {
  it("runs top to bottom with the book's functions to full marks", async () => {
    const cells = await notebookRuns.full;
    const outputs = cells.flatMap((c) => c.outputs ?? []);
    expect(outputs.filter((o) => o.output_type === "error")).toEqual([]);
    const checks = cells.filter((c) => c.cell_type === "code" && /a\.(check|submit_model)\(/.test(joined(c.source)));
    expect(checks.length).toBeGreaterThan(5);
    for (const cell of checks) {
      const shown = feedbackOf(cell);
      expect(shown.length, joined(cell.source)).toBe(
        (joined(cell.source).match(/a\.(check|submit_model)\(/g) ?? []).length,
      );
      for (const { text, html } of shown) {
        // hidden and after_due_date problems are withheld from the student until released
        expect(text, text).toMatch(/: (correct — (\d+)\/\2|withheld)\n/);
        expect(html).toContain("edgegrad-feedback");
      }
    }
    // The instructor's gradebook: every problem, hidden ones included, at full marks.
    const csv = (await (await admin("GET", `/v1/assignments/${COURSE}/gradebook.csv`)).text()).trim().split(/\r?\n/);
    const header = csv[0].split(",");
    const row = csv.find((l) => l.startsWith("nb-full,"))!.split(",");
    const col = (name: string) => row[header.indexOf(name)];
    expect(Number(col("total"))).toBeGreaterThan(0);
    expect(col("total")).toBe(col("max_score"));
  }, 900_000);

  it("with the 0.5 missing from mean_squared_error, shows that diagnosis inline", async () => {
    const out = await notebookRuns.en;
    const [mse] = shownBy(out, 'a.check("mse"');
    expect(mse.text).toContain(": incorrect — 0/1");
    expect(mse.text).toContain(en["mistake.mse.missing-half"]);
    expect(mse.html).toContain(en["mistake.mse.missing-half"]);
    // the other problems are unaffected
    expect(shownBy(out, 'a.check("softmax"')[0].text).toMatch(/: correct — 1\/1/);
  }, 600_000);

  it('in Korean with lang="ko": the diagnosis, the statuses and the package\'s own words', async () => {
    const out = await notebookRuns.ko;
    const [mse] = shownBy(out, 'a.check("mse"');
    expect(mse.text).toContain(ko["mistake.mse.missing-half"]);
    expect(mse.html).toContain(ko["mistake.mse.missing-half"]);
    expect(mse.text).toContain(": 오답 — 0/1"); // the package's words follow the server's Content-Language
    expect(mse.text).toContain("합계:");
    const [softmax] = shownBy(out, 'a.check("softmax"');
    expect(softmax.text).toContain(": 정답 — 1/1");
    expect(softmax.text).toContain(ko["grade.correct"]);
  }, 600_000);
});
