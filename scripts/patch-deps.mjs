// Three fixes to the Workers tooling this project pins (the Node-20 lines of design.md §3), each
// for an upstream bug still open, each refusing loudly when the code it replaces has changed.
// Run by `npm ci` (postinstall) and by `npm test`; idempotent.
//
// 1. The Workers Vitest pool (@cloudflare/vitest-pool-workers 0.12) wraps the prototype of its
//    SELF and Durable Object entrypoint classes in one more Proxy on every construction, that is
//    on every SELF.fetch: after n requests a runtime resolves each method through n nested
//    proxies, and requests slow down without end (a trivial POST took 8 ms at the start of the
//    worker tests and 260 ms twelve files later; cloudflare/workers-sdk#15446). Wrapping once
//    behaves the same, since every wrap has the same handler.
//
// 2. `wrangler dev` forwards each request from its proxy to the Worker over pooled connections,
//    and both ends of a pooled connection close it after 5 s idle: a request sent on one as it
//    closes fails without reaching the Worker, and a POST then gets a 503 "Your worker restarted
//    mid-request" although nothing restarted, while a GET on any path but "/" waits forever
//    (cloudflare/workers-sdk#14641; one POST every 5 s: 2 of 60 failed, 0 of 100 with this fix).
//    The proxy now sends a request that failed this way once more, on a new connection, when its
//    body has a length of at most 16 MiB (kept to be sent again). It cannot tell this failure
//    from a Worker process dying mid-request, which it would also resend once: a local-only
//    difference, where the unpatched proxy answered 503. Other requests fail as before.
//
// 3. Miniflare serves what workerd asks of Node (the tests' FIXTURES, IDX_SET and DOCS bindings,
//    wrangler dev's controller messages) from a loopback HTTP server with Node's default 5 s
//    keep-alive timeout, while workerd's side keeps the connection pooled: a request workerd
//    sends on it as Node closes it fails with "Network connection lost" (the same race as 2;
//    cloudflare/workers-sdk#14848). The loopback server now leaves idle connections to workerd,
//    which closes them itself, as the upstream fix does; its headers timeout is off too (a
//    report on that issue still saw failures with only the keep-alive timeout off).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const modules = join(import.meta.dirname, "..", "node_modules");

/**
 * What the proxy calls instead of fetch (appended to it by its source text, so self-contained):
 * a request that fails while `stillCurrent()` (the Worker has not been reloaded meanwhile) is
 * sent once more when its body has a length of at most 16 MiB.
 * @param {URL} url @param {Request} request @param {Headers} headers @param {() => boolean} stillCurrent
 */
export async function fetchResending(url, request, headers, stillCurrent) {
  const length = request.body === null ? 0 : Number(request.headers.get("content-length") ?? Number.NaN);
  if (!(length <= 16 * 1024 * 1024)) return fetch(url, new Request(request, { headers }));
  const body = request.body === null ? null : await request.arrayBuffer();
  const send = () => fetch(url, new Request(request, { headers, body }));
  try {
    return await send();
  } catch (error) {
    if (!stillCurrent()) throw error;
    console.warn(`${request.method} ${url.pathname}: sent again after its connection to the Worker failed`);
    return send();
  }
}

const PATCHES = [
  {
    name: "vitest-pool-workers",
    file: "@cloudflare/vitest-pool-workers/dist/worker/lib/cloudflare/test-internal.mjs",
    issue: "workers-sdk#15446",
    from: "    Class.prototype = new Proxy(Class.prototype, {",
    to: `    if (!Class[Symbol.for("edgegrad.wrapped")]) Class[Symbol.for("edgegrad.wrapped")] = true, Class.prototype = new Proxy(Class.prototype, {`,
  },
  {
    name: "wrangler dev proxy",
    file: "wrangler/wrangler-dist/ProxyWorker.js",
    issue: "workers-sdk#14641",
    from: "      void fetch(userWorkerUrl, new Request(request, { headers })).then(async (res) => {",
    to: "      void fetchResending(userWorkerUrl, request, headers, () => this.proxyData === proxyData).then(async (res) => {",
    append: `\n// edgegrad (scripts/patch-deps.mjs; workers-sdk#14641)\n${fetchResending}\n`,
  },
  {
    name: "miniflare loopback server",
    file: "miniflare/dist/src/index.js",
    issue: "workers-sdk#14848",
    from: `      server.on("upgrade", this.#handleLoopbackUpgrade);`,
    to: `      server.keepAliveTimeout = 0, server.headersTimeout = 0; // edgegrad: workers-sdk#14848\n      server.on("upgrade", this.#handleLoopbackUpgrade);`,
  },
];

/** Applies every patch; returns a line per package ("patched" or "already patched"). */
export function patchDeps() {
  return PATCHES.map(({ name, file, issue, from, to, append = "" }) => {
    const path = join(modules, file);
    const source = readFileSync(path, "utf8");
    if (source.includes(to) && source.endsWith(append)) return `${name}: already patched`;
    if (source.includes(to)) throw new Error(`${path}: patched by another version of this script; run npm ci`);
    if (source.split(from).length !== 2)
      throw new Error(`${path}: the line this patch replaces is gone; see whether ${issue} is fixed`);
    writeFileSync(path, source.replace(from, to) + append);
    return `${name}: patched (${issue})`;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of patchDeps()) console.log(line);
