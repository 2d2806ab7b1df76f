// The Worker exactly as `wrangler deploy` uploads it: wrangler's own bundle (`deploy --dry-run
// --outdir`, with wrangler.jsonc's alias and build command), for measurements outside `wrangler
// dev`: bench/startup.mjs and scripts/lib/miniflare-server.mjs.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { wranglerEnv } from "./wrangler-env.mjs";

const root = join(import.meta.dirname, "..", "..");
const wrangler = join(root, "node_modules", ".bin", "wrangler");

/**
 * Bundles `entry` (default: the config's `main`) into `outdir`; returns the entry module's path
 * and every module wrangler would upload (the ES module and the .wasm it imports).
 * @param {string} outdir
 * @param {{ entry?: string }} [options]
 */
export function bundleWorker(outdir, { entry } = {}) {
  const args = [
    "deploy",
    "--dry-run",
    "--config",
    join(root, "wrangler.jsonc"),
    "--outdir",
    outdir,
    ...(entry ? [entry] : []),
  ];
  execFileSync(wrangler, args, { cwd: root, env: wranglerEnv, stdio: "pipe" });
  const files = readdirSync(outdir);
  const main = bundledScript(outdir);
  const script = main.slice(outdir.length + 1);
  // The entry module first: Miniflare takes the first module as the Worker's main module.
  const modules = [script, ...files.filter((f) => f.endsWith(".wasm"))].map((f) => ({
    type: f.endsWith(".wasm") ? "CompiledWasm" : "ESModule",
    path: join(outdir, f),
    contents: readFileSync(join(outdir, f)),
  }));
  return { main, modules };
}

/**
 * The bundle in `outdir` as a module Node can evaluate (bench/startup.mjs): the .wasm it imports
 * inlined, and the runtime's `cloudflare:workers` module, which only gives the Room its
 * DurableObject base class at global scope, stood in for by a class that keeps ctx and env.
 * @param {string} outdir
 */
export function forNode(outdir) {
  const runtime = "export class DurableObject { constructor(ctx, env) { this.ctx = ctx; this.env = env; } }";
  return readFileSync(bundledScript(outdir), "utf8")
    .replace(
      /import ([\w$]+) ?from ?"\.\/([^"]+\.wasm)";?/g,
      (_, name, file) =>
        `const ${name} = new WebAssembly.Module(new Uint8Array([${[...readFileSync(join(outdir, file))].join(",")}]));`,
    )
    .replace(
      /from ?"cloudflare:workers"/g,
      ` from ${JSON.stringify(`data:text/javascript,${encodeURIComponent(runtime)}`)}`,
    );
}

/** The ES module wrangler wrote into `outdir` (named after the entry). @param {string} outdir */
export function bundledScript(outdir) {
  const script = readdirSync(outdir).find((f) => f.endsWith(".js"));
  if (!script) throw new Error(`wrangler wrote no bundle into ${outdir}`);
  return join(outdir, script);
}
