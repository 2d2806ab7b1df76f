// The Worker bundled as `wrangler deploy` bundles it (ES module for workerd, wrangler.toml's zod
// alias), for measurements outside wrangler: bench/startup.mjs and scripts/lib/miniflare-server.mjs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as esbuild from "esbuild";

const root = join(import.meta.dirname, "..", "..");

/**
 * Bundles `entry` to `outfile`. `.wasm` imports stay external (wasm: "external", for a runtime
 * that loads them as compiled modules) or become `new WebAssembly.Module(bytes)` (wasm: "inline",
 * for Node).
 */
export async function bundleWorker(entry, outfile, { wasm = "external" } = {}) {
  await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["workerd", "worker", "browser"],
    alias: { zod: join(root, "worker/zod/index.js") },
    ...(wasm === "external" ? { external: ["*.wasm"] } : { plugins: [wasmAsModule] }),
    outfile,
    logLevel: "error",
  });
}

const wasmAsModule = {
  name: "wasm-module",
  setup(build) {
    build.onLoad({ filter: /\.wasm$/ }, (args) => ({
      contents: `export default new WebAssembly.Module(new Uint8Array([${[...readFileSync(args.path)].join(",")}]));`,
      loader: "js",
    }));
  },
};
