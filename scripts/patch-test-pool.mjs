// The Workers Vitest pool (@cloudflare/vitest-pool-workers 0.12) wraps the prototype of its SELF
// and Durable Object entrypoint classes in one more Proxy on every construction, that is on
// every SELF.fetch: after n requests a runtime resolves each method through n nested proxies,
// and requests slow down without end (a trivial POST took 8 ms at the start of the worker tests
// and 260 ms twelve files later; cloudflare/workers-sdk#15446). Wrapping once behaves the same,
// since every wrap has the same handler. Run by `npm ci` (postinstall) and by `npm test`.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const file = join(
  import.meta.dirname,
  "..",
  "node_modules/@cloudflare/vitest-pool-workers/dist/worker/lib/cloudflare/test-internal.mjs",
);
const wrap = "    Class.prototype = new Proxy(Class.prototype, {";
const once = `    if (!Class[Symbol.for("edgegrad.wrapped")]) Class[Symbol.for("edgegrad.wrapped")] = true, Class.prototype = new Proxy(Class.prototype, {`;

/** Applies the patch (idempotent); throws when the pool's code no longer has the line it replaces. */
export function patchTestPool() {
  const source = readFileSync(file, "utf8");
  if (source.includes(once)) return "already patched";
  if (source.split(wrap).length !== 2)
    throw new Error(`${file}: the line this patch replaces is gone; see whether workers-sdk#15446 is fixed`);
  writeFileSync(file, source.replace(wrap, once));
  return "patched";
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(`vitest-pool-workers: ${patchTestPool()}`);
