import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, normalize, sep } from "node:path";
import { promisify } from "node:util";
import { defineWorkersProject, readD1Migrations } from "@cloudflare/vitest-pool-workers/config";
import { defineConfig } from "vitest/config";

const ROOT = import.meta.dirname;

/**
 * Worker tests run inside workerd and cannot read the filesystem, so fixture files (default
 * models, digits, numpy references) reach them through a service binding implemented here in
 * Node: `await env.FIXTURES.fetch("http://fixtures/models/mnist-two-layer.bin")`.
 */
function serveFiles(dir: string, allow: RegExp = /./) {
  const base = join(ROOT, dir);
  return async (request: Request): Promise<Response> => {
    const path = normalize(join(base, decodeURIComponent(new URL(request.url).pathname)));
    if (!path.startsWith(base + sep) || !allow.test(path.slice(base.length + 1))) {
      return new Response(`not served from ${dir}/`, { status: 403 });
    }
    try {
      return new Response(await readFile(path));
    } catch {
      return new Response(`no file ${path}`, { status: 404 });
    }
  };
}

/**
 * The 60,000 / 10,000 MNIST-format set of scripts/make-idx-set.mjs (official IDX .gz files),
 * built into a temp dir on first request: `await env.IDX_SET.fetch("http://idx/t10k-images-idx3-ubyte.gz")`.
 */
function serveIdxSet() {
  let dir: Promise<string> | null = null;
  return async (request: Request): Promise<Response> => {
    // In a child process: building and gzipping 70,000 images takes seconds, and this Node
    // process also answers every test runtime's bindings and the pool's own messages.
    dir ??= (async () => {
      const out = await mkdtemp(join(tmpdir(), "edgegrad-idx-set-"));
      await promisify(execFile)(process.execPath, [join(ROOT, "scripts", "make-idx-set.mjs"), out]);
      return out;
    })();
    try {
      return new Response(await readFile(join(await dir, basename(new URL(request.url).pathname))));
    } catch {
      return new Response("no such file", { status: 404 });
    }
  };
}

/** The fuzz tests' stage-share table, written to FUZZ-REPORT.md by `npm run fuzz:report` (FUZZ_REPORT=1). */
async function writeReport(request: Request): Promise<Response> {
  const intro =
    "# Fuzz report\n\nShare of structure-aware fuzz cases that reach each decoder stage (test/worker/fuzz-stages.test.ts),\n" +
    `with the floor the test asserts. Runs scaled by FUZZ_RUNS=${process.env.FUZZ_RUNS || "(default)"}; regenerate with \`npm run fuzz:report\`.\n\n`;
  await writeFile(join(ROOT, "FUZZ-REPORT.md"), intro + (await request.text()) + "\n");
  return new Response("written");
}

/**
 * The tests that upload whole datasets to R2 (the longest worker files) run in a runtime of their
 * own beside the worker project's, on shared storage: each of their tests writes its own dataset
 * and model names.
 */
const R2_UPLOADS = ["test/worker/datasets-store.test.ts", "test/worker/datasets.test.ts"];

const ROOM_OF_30 = "test/e2e/room.test.ts";

/** A project run inside workerd by the Workers Vitest pool, with real KV, D1 and Durable Objects from Miniflare. */
function workersProject(name: string, include: string[], isolatedStorage: boolean, exclude: string[] = []) {
  return defineWorkersProject(async () => {
    const migrations = await readD1Migrations("migrations");
    return {
      test: {
        name,
        // Property-based suites send hundreds of requests through workerd in one test, and some
        // files grade a class in beforeAll: a hook cut off mid-request breaks the storage stack
        // of every later file in the runtime ("Isolated storage failed").
        testTimeout: 120_000,
        hookTimeout: 120_000,
        include,
        exclude,
        setupFiles: ["test/worker/apply-migrations.ts"],
        poolOptions: {
          workers: {
            singleWorker: true,
            isolatedStorage,
            wrangler: { configPath: "./wrangler.jsonc" },
            miniflare: {
              bindings: {
                ADMIN_TOKEN: "test-admin-token",
                GRADING_SECRET: "test-grading-secret",
                TEST_MIGRATIONS: migrations,
                FUZZ_RUNS: process.env.FUZZ_RUNS ?? "",
                FUZZ_REPORT: process.env.FUZZ_REPORT ?? "",
              },
              // DOCS serves the README and examples/, whose commands the tests run.
              serviceBindings: {
                FIXTURES: serveFiles("fixtures"),
                IDX_SET: serveIdxSet(),
                DOCS: serveFiles(".", /^(README\.md|examples\/)/),
                REPORT: writeReport,
              },
            },
          },
        },
      },
    };
  });
}

// Projects: core/ runs in plain Node (it is platform-free); worker/ and rooms/ run inside
// workerd through the Workers Vitest pool with real KV, D1 and Durable Objects from Miniflare.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "core",
          include: ["core/**/*.test.ts", "test/helpers/**/*.test.ts"],
          environment: "node",
          // No test is timed: vitest's 5 s default only turns a loaded machine into failures.
          testTimeout: 600_000,
        },
      },
      // End to end in Node against a real `wrangler dev`: the examples' scripts and the
      // classroom page in headless Chromium (/usr/bin/chromium, installed by .ci/run).
      {
        test: {
          name: "e2e",
          include: ["test/node/**/*.test.ts", "test/e2e/**/*.test.ts"],
          exclude: [ROOM_OF_30],
          environment: "node",
          hookTimeout: 180_000,
          testTimeout: 180_000,
        },
      },
      // The room of 30 phones: 31 Chromium pages drawing, voting and answering at once load two
      // cores ten times over, so it runs after every other project, alone (groupOrder 1).
      {
        test: {
          name: "classroom",
          include: [ROOM_OF_30],
          environment: "node",
          hookTimeout: 180_000,
          testTimeout: 180_000,
          sequence: { groupOrder: 1 },
        },
      },
      workersProject("worker", ["test/worker/**/*.test.ts"], true, R2_UPLOADS),
      workersProject("storage", R2_UPLOADS, false),
      // Rooms hold WebSockets open across a test, which the pool's per-test isolated storage
      // cannot snapshot (a documented limitation); each rooms test opens its own room instead.
      workersProject("rooms", ["test/rooms/**/*.test.ts"], false),
    ],
  },
});
