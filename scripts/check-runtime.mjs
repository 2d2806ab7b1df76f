// Tests and `wrangler dev` must run the same workerd: prints the runtime each one resolves and
// fails when they differ (a pool release that pins another wrangler would split them silently).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { patchDeps } from "./patch-deps.mjs";

const modules = join(import.meta.dirname, "..", "node_modules");

/** The installed version of `pkg` as Node resolves it from inside each package of `chain`. */
function versionOf(pkg, ...chain) {
  for (let depth = chain.length; depth >= 0; depth--) {
    const dir = join(modules, ...chain.slice(0, depth).flatMap((p) => [p, "node_modules"]), pkg);
    if (existsSync(join(dir, "package.json")))
      return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;
  }
  throw new Error(`${pkg} is not installed (run npm ci)`);
}

const pool = "@cloudflare/vitest-pool-workers";
const dev = versionOf("workerd", "wrangler");
const tests = versionOf("workerd", pool, "miniflare");
console.log(
  `workerd ${dev} for wrangler dev (wrangler ${versionOf("wrangler")}), ${tests} for tests (${pool} ${versionOf(pool)})`,
);
if (dev !== tests) {
  console.error("tests and wrangler dev would run different workerd releases: pin them to one");
  process.exit(1);
}

// (and both carry the fixes of scripts/patch-deps.mjs)
for (const line of patchDeps()) console.log(line);
