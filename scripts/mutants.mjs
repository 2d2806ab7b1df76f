#!/usr/bin/env node
/**
 * A small mutation check of core/ (npm run mutants; run it niced, it is CPU-bound):
 *
 *   nice -n 15 node scripts/mutants.mjs [--sample N] [--seed S] [--files core/book/softmax.ts,...] [--out MUTANTS.md]
 *   node scripts/mutants.mjs --report-only     (rewrite MUTANTS.md from the last run, e.g. with new notes)
 *   nice -n 15 node scripts/mutants.mjs --only "<id>,<id>" [--transitive]   (rerun some mutants of the last
 *     run, merged in; --transitive: against every core test that reaches the file, not only its importers)
 *
 * For each mutant — one operator changed in one place of one core/ source file: + <-> -, * <-> /,
 * < <-> <=, > <-> >=, === <-> !==, && <-> ||, a numeric constant changed (0.5 -> 1, 1e-k -> 1e-(k-1),
 * n -> n + 1), the two arguments of a call swapped, or a statement dropped — the core tests that
 * import the file (directly or through other core files) run with vitest in a scratch copy of the
 * repository; the mutant is killed when one of them fails (or they time out), and survives when
 * all pass. Mutants that do not parse (TypeScript's syntactic check) are discarded, not counted.
 *
 * All candidate mutants are enumerated; a seeded sample of --sample of them is run (default 150;
 * --sample 0 runs all), plus the bugs issue 17 planted (always run, listed first). The report
 * (MUTANTS.md) gives the score killed / (killed + survived), per file, and every survivor with
 * the explanation recorded for it in scripts/mutants-notes.json (keyed by the mutant's id), or
 * "unexplained".
 */
import { spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

const ROOT = resolve(import.meta.dirname, "..");
/** @type {Record<string, string>} --name value, or "true" for a flag without a value */
const args = {};
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const next = process.argv[i + 1];
  if (a.startsWith("--")) args[a.slice(2)] = next === undefined || next.startsWith("--") ? "true" : next;
}
const SAMPLE = Number(args.sample ?? 150);
const SEED = Number(args.seed ?? 17);
const OUT = resolve(ROOT, args.out ?? "MUTANTS.md");
const TIMEOUT_MS = Number(args.timeout ?? 120_000);

// ---- the files and their tests --------------------------------------------------------------

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const all = walk(join(ROOT, "core")).filter((p) => p.endsWith(".ts") && !p.endsWith(".d.ts"));
const sources = all.filter((p) => !p.endsWith(".test.ts"));
const tests = [
  ...all.filter((p) => p.endsWith(".test.ts")),
  ...walk(join(ROOT, "test/helpers")).filter((p) => p.endsWith(".test.ts")),
];

/** Relative imports of a file, resolved to .ts paths (read once: the tree may change while this runs). */
const importCache = new Map();
function importsOf(file) {
  if (!importCache.has(file)) importCache.set(file, readImports(file));
  return importCache.get(file);
}

function readImports(file) {
  const text = readFileSync(file, "utf8");
  const out = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) {
    const base = resolve(dirname(file), m[1]);
    for (const cand of [base, `${base}.ts`, join(base, "index.ts")]) {
      if (existsSync(cand) && statSync(cand).isFile()) {
        out.push(cand);
        break;
      }
    }
  }
  return out;
}

const closure = new Map();
function reach(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const dep of importsOf(file)) reach(dep, seen);
  return seen;
}
for (const t of tests) closure.set(t, reach(t));
for (const f of sources) importsOf(f);
/** The tests that import the file themselves; when none does, those that reach it through other files. */
function testsOf(file) {
  const direct = args.transitive ? [] : tests.filter((t) => importsOf(t).includes(file));
  return direct.length ? direct : tests.filter((t) => closure.get(t).has(file));
}

// ---- mutation operators -----------------------------------------------------------------------

/** Positions inside string literals or comments on a line (mutations skip them). */
function masked(line) {
  const mask = new Array(line.length).fill(false);
  let quote = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      mask[i] = true;
      if (c === "\\") {
        mask[i + 1] = true;
        i++;
      } else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === "`") {
      quote = c;
      mask[i] = true;
    } else if (c === "/" && line[i + 1] === "/") {
      for (let j = i; j < line.length; j++) mask[j] = true;
      break;
    }
  }
  return mask;
}

const SWAPS = [
  [" + ", " - "],
  [" - ", " + "],
  [" * ", " / "],
  [" / ", " * "],
  [" < ", " <= "],
  [" <= ", " < "],
  [" > ", " >= "],
  [" >= ", " > "],
  [" === ", " !== "],
  [" !== ", " === "],
  [" && ", " || "],
  [" || ", " && "],
  [" += ", " -= "],
  [" -= ", " += "],
];

function constantMutation(text) {
  if (text === "0.5") return "1";
  const e = /^1e-(\d+)$/.exec(text);
  if (e) return `1e-${Number(e[1]) - 1}`;
  if (/^\d+$/.test(text) && Number(text) < 1e6) return String(Number(text) + 1);
  if (/^\d*\.\d+$/.test(text)) return String(Number(text) * 2);
  return null;
}

function candidates(file) {
  const lines = readFileSync(file, "utf8").split("\n");
  const out = [];
  let inBlockComment = false;
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    if (inBlockComment) {
      if (trimmed.includes("*/")) inBlockComment = false;
      return;
    }
    if (trimmed.startsWith("/*")) {
      if (!trimmed.includes("*/")) inBlockComment = true;
      return;
    }
    if (
      trimmed.startsWith("//") ||
      trimmed.startsWith("*") ||
      trimmed.startsWith("import ") ||
      trimmed.startsWith("export type") ||
      trimmed.startsWith("export interface")
    )
      return;
    if (/^(readonly\s+)?\w+\??:\s/.test(trimmed)) return; // type members
    const mask = masked(line);
    const add = (at, from, to, op) => {
      if (mask[at]) return;
      out.push({
        file,
        line: i + 1,
        col: at + 1,
        op,
        from,
        to,
        text: line.slice(0, at) + to + line.slice(at + from.length),
      });
    };
    for (const [from, to] of SWAPS) {
      for (let at = line.indexOf(from); at >= 0; at = line.indexOf(from, at + 1)) {
        // "x => a < b" is fine; skip generics such as Array<number> (no spaces) by construction.
        add(at, from, to, `${from.trim()} -> ${to.trim()}`);
      }
    }
    for (const m of line.matchAll(/(?<![\w.])(\d+(?:\.\d+)?(?:e-\d+)?|\.\d+)(?![\w.])/g)) {
      const to = constantMutation(m[1]);
      if (to !== null) add(m.index, m[1], to, `constant ${m[1]} -> ${to}`);
    }
    for (const m of line.matchAll(/\b([A-Za-z_]\w*(?:\.\w+)?)\(([A-Za-z_][\w.[\]]*), ([A-Za-z_][\w.[\]]*)\)/g)) {
      if (m[2] === m[3] || /^(if|for|while|switch|return)$/.test(m[1])) continue;
      const start = m.index + m[1].length + 1;
      const swapped = `${m[3]}, ${m[2]}`;
      add(start, `${m[2]}, ${m[3]}`, swapped, `swap arguments of ${m[1]}`);
    }
    if (/^(\w[\w.[\]]*\s*(=|\+=|-=|\*=|\/=)\s.*;|\w[\w.]*\(.*\);)$/.test(trimmed) && !trimmed.startsWith("return")) {
      const at = line.indexOf(trimmed);
      out.push({
        file,
        line: i + 1,
        col: at + 1,
        op: "drop statement",
        from: trimmed,
        to: "",
        text: line.slice(0, at) + "/* dropped */",
      });
    }
  });
  return out.map((m) => ({ ...m, id: `${relative(ROOT, m.file)}:${m.line}:${m.col} ${m.op}` }));
}

// The bugs issue 17 planted by hand, always run (matched by file, exact source text and replacement).
const PLANTED = [
  {
    file: "core/grading/tolerance.ts",
    from: "tol.rtol * Math.abs(b)",
    to: "tol.rtol * Math.abs(a)",
    op: "issue 17: tolerance scaled by |answer|",
  },
  {
    file: "core/grading/tolerance.ts",
    from: "rtol: 1e-5, atol: 1e-8",
    to: "rtol: 1e-3, atol: 1e-8",
    op: "issue 17: default rtol 1e-3",
  },
  {
    file: "core/grading/tolerance.ts",
    from: "tol.atol + tol.rtol * Math.abs(b)",
    to: "tol.rtol + tol.atol * Math.abs(b)",
    op: "issue 17: rtol and atol swapped",
  },
  {
    file: "core/book/softmax.ts",
    from: "const total = sum(out.subarray(off, off + n));",
    to: "let total = 0; for (let i = off; i < off + n; i++) total += out[i];",
    op: "issue 17: softmax rows summed by a plain loop",
  },
  { file: "core/book/mean-squared-error.ts", from: "0.5 * ", to: "", op: "issue 17: MSE without 0.5" },
];

function plantedMutants() {
  return PLANTED.flatMap((p) => {
    const path = join(ROOT, p.file);
    if (!existsSync(path)) return [];
    const lines = readFileSync(path, "utf8").split("\n");
    const i = lines.findIndex((l) => l.includes(p.from) && !/^\s*(\*|\/\/|\/\*)/.test(l));
    if (i < 0) return [];
    const at = lines[i].indexOf(p.from);
    return [
      {
        file: path,
        line: i + 1,
        col: at + 1,
        op: p.op,
        from: p.from,
        to: p.to,
        text: lines[i].slice(0, at) + p.to + lines[i].slice(at + p.from.length),
        id: `${p.file}:${i + 1}:${at + 1} ${p.op}`,
        planted: true,
      },
    ];
  });
}

/** xorshift32, for a reproducible sample. */
function sampler(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

// ---- running ----------------------------------------------------------------------------------

function scratchCopy() {
  const dir = mkdtempSync(join(tmpdir(), "edgegrad-mutants-"));
  cpSync(join(ROOT, "core"), join(dir, "core"), { recursive: true });
  cpSync(join(ROOT, "test"), join(dir, "test"), { recursive: true });
  for (const name of ["fixtures", "node_modules", "package.json", "tsconfig.json"])
    symlinkSync(join(ROOT, name), join(dir, name));
  writeFileSync(
    join(dir, "vitest.mutants.config.mjs"),
    `export default { test: { include: ["core/**/*.test.ts", "test/helpers/**/*.test.ts"], environment: "node", testTimeout: ${TIMEOUT_MS}, bail: 1 } };\n`,
  );
  return dir;
}

function runTests(dir, files) {
  return new Promise((done) => {
    const child = spawn(
      "npx",
      [
        "vitest",
        "run",
        "--config",
        "vitest.mutants.config.mjs",
        "--maxWorkers",
        "1",
        "--minWorkers",
        "1",
        "--reporter",
        "dot",
        ...files,
      ],
      {
        cwd: dir,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {}
      done({ result: "timeout", output });
    }, TIMEOUT_MS);
    child.on("exit", (code) => {
      clearTimeout(timer);
      done({ result: code === 0 ? "survived" : "killed", output });
    });
  });
}

function parses(text) {
  const out = ts.transpileModule(text, {
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  return (out.diagnostics ?? []).length === 0;
}

const RESULTS = join(tmpdir(), "edgegrad-mutants-results.json");

const readNotes = () =>
  existsSync(join(ROOT, "scripts/mutants-notes.json"))
    ? JSON.parse(readFileSync(join(ROOT, "scripts/mutants-notes.json"), "utf8"))
    : {};

async function main() {
  if (args["report-only"]) {
    // Rewrite the report from the last run's results (e.g. after adding explanations).
    const { results, poolSize, ms, sample, seed } = JSON.parse(readFileSync(RESULTS, "utf8"));
    writeFileSync(OUT, report(results, poolSize, ms, readNotes(), sample, seed));
    console.log(`wrote ${relative(ROOT, OUT)}`);
    return;
  }
  const files = args.files ? args.files.split(",").map((f) => resolve(ROOT, f)) : sources;
  const pool = files.flatMap(candidates).filter((m) => !m.file.includes("/wasm/") && !m.file.endsWith("/stages.ts"));
  const random = sampler(SEED);
  const shuffled = pool
    .map((m) => [random(), m])
    .sort((a, b) => a[0] - b[0])
    .map(([, m]) => m);
  // --only "id,id": rerun these mutants of the last run (e.g. after adding a test) and merge the results.
  const only = args.only ? args.only.split(",") : null;
  const previous = only && existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, "utf8")) : null;
  const chosen = only
    ? [...plantedMutants(), ...pool].filter((m) => only.includes(m.id))
    : [...plantedMutants(), ...(SAMPLE > 0 ? shuffled.slice(0, SAMPLE) : shuffled)];
  const dir = scratchCopy();
  const results = [];
  const started = Date.now();
  try {
    for (const [k, m] of chosen.entries()) {
      const rel = relative(ROOT, m.file);
      const target = join(dir, rel);
      const original = readFileSync(target, "utf8");
      const lines = original.split("\n");
      lines[m.line - 1] = m.text;
      const mutated = lines.join("\n");
      if (!parses(mutated)) {
        results.push({ ...m, result: "invalid" });
        continue;
      }
      const covering = testsOf(m.file).map((t) => relative(ROOT, t));
      if (covering.length === 0) {
        results.push({ ...m, result: "no tests", tests: [] });
        console.log(`${k + 1}/${chosen.length} no tests  ${m.id}`);
        continue;
      }
      writeFileSync(target, mutated);
      const t0 = Date.now();
      const { result } = await runTests(dir, covering);
      writeFileSync(target, original);
      results.push({ ...m, result, tests: covering, ms: Date.now() - t0 });
      console.log(`${k + 1}/${chosen.length} ${result.padEnd(8)} ${((Date.now() - t0) / 1000).toFixed(1)}s  ${m.id}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  let merged = results.map(({ text, ...r }) => ({ ...r, ...(only ? { rerun: true } : {}) }));
  let ms = Date.now() - started;
  let [sample, seed] = [SAMPLE, SEED];
  if (previous) {
    [sample, seed] = [previous.sample ?? 75, previous.seed ?? 17];
    const fresh = new Map(merged.map((r) => [r.id, r]));
    merged = previous.results.map((r) => fresh.get(r.id) ?? r);
    ms = previous.ms;
  }
  writeFileSync(RESULTS, JSON.stringify({ results: merged, poolSize: pool.length, ms, sample, seed }));
  writeFileSync(OUT, report(merged, pool.length, ms, readNotes(), sample, seed));
  console.log(`wrote ${relative(ROOT, OUT)}`);
}

function report(results, poolSize, ms, notes, sample, seed) {
  const counted = results.filter((r) => r.result !== "invalid");
  const killed = counted.filter((r) => r.result === "killed" || r.result === "timeout");
  const survived = counted.filter((r) => r.result === "survived" || r.result === "no tests");
  const score = (k, s) => (k + s === 0 ? "-" : `${((100 * k) / (k + s)).toFixed(1)}%`);
  const byFile = new Map();
  for (const r of counted) {
    const f = relative(ROOT, r.file);
    const e = byFile.get(f) ?? { killed: 0, survived: 0 };
    if (r.result === "killed" || r.result === "timeout") e.killed++;
    else e.survived++;
    byFile.set(f, e);
  }
  const planted = results.filter((r) => r.planted);
  // Only survivors are rerun, so a rerun that killed was a survivor of the sampled run.
  const rerunKilled = results.filter((r) => r.rerun && (r.result === "killed" || r.result === "timeout")).length;
  const lines = [
    "# Mutation check of core/",
    "",
    "Written by `npm run mutants` (scripts/mutants.mjs): one operator mutation at a time in a scratch copy of the",
    "repository, the core tests that import the mutated file (or, when none does, those reaching it through other",
    "core files) run with",
    "vitest on one worker; killed = a test failed or timed out, survived = all passed. Mutants that do not parse",
    "are discarded. Operators: + - * / swaps, < <= > >= swaps, === !==, && ||, += -=, numeric constants",
    "(0.5 -> 1, 1e-k -> 1e-(k-1), n -> n+1, other decimals x2), the two arguments of a call swapped, a statement dropped.",
    "",
    `Sample: ${results.length - planted.length} of ${poolSize} candidate mutants, drawn with seed ${seed} (\`--sample ${sample} --seed ${seed}\`), plus`,
    `the ${planted.length} bugs issue 17 planted. Run time ${(ms / 60000).toFixed(1)} min (niced, one vitest worker, 2 shared cores).`,
    "",
    `**Mutation score of core/: ${score(killed.length, survived.length)}** (${killed.length} killed, ${survived.length} survived, ${results.length - counted.length} discarded as invalid),`,
    `after the reruns below; the sampled run itself scored ${score(killed.length - rerunKilled, survived.length + rerunKilled)} (${killed.length - rerunKilled} killed, ${survived.length + rerunKilled} survived).`,
    "Survivors were rerun (`--only`) after tests were added for them, and those in files whose importing tests",
    "are narrow against every core test that reaches the file (`--transitive`).",
    "",
    "## The bugs issue 17 planted",
    "",
    "| mutant | result |",
    "|---|---|",
    ...planted.map((r) => `| ${r.id.replaceAll("|", "\\|")} | ${r.result} |`),
    "",
    "## Per file",
    "",
    "| file | killed | survived | score |",
    "|---|---|---|---|",
    ...[...byFile].sort().map(([f, e]) => `| ${f} | ${e.killed} | ${e.survived} | ${score(e.killed, e.survived)} |`),
    "",
    "## Killed by tests added after the sampled run (rerun with --only)",
    "",
    ...results
      .filter((r) => r.rerun && (r.result === "killed" || r.result === "timeout"))
      .map((r) => `- \`${r.id}\`: ${notes[r.id] ?? ""}`),
    "",
    "## Survivors",
    "",
    "Each survivor with why it survives (scripts/mutants-notes.json) — an equivalent mutant, a difference no",
    "input the code accepts can show, or a test added since (rerun to see it killed).",
    "",
    ...survived.flatMap((r) => [
      `- \`${r.id}\`${r.result === "no tests" ? " (no core test imports this file)" : ""}`,
      `  \`${r.from.trim().slice(0, 100)}\` -> \`${r.to.trim().slice(0, 100)}\` on line ${r.line}: ${notes[r.id] ?? "unexplained"}`,
    ]),
    "",
  ];
  return lines.join("\n");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
