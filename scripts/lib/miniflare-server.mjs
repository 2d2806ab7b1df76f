// The Worker as `wrangler deploy` bundles it (scripts/lib/bundle-worker.mjs), served by Miniflare
// directly — no dev-server proxy, live reload or inspector in between — with
// fresh in-memory KV/D1, a throwaway admin token, seeded like `npm start`. For measurements
// (scripts/load.mjs --runtime miniflare) where the dev server's own overhead would blur them.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { loadDefaults } from "../load-defaults.mjs";
import { bundleWorker } from "./bundle-worker.mjs";
import { freePort } from "./dev-server.mjs";

const root = join(import.meta.dirname, "..", "..");

/**
 * The Rate Limiting bindings of wrangler.jsonc as Miniflare options (the server has none unless
 * given them: `startMiniflareServer({ options: { ratelimits: configuredRatelimits() } })`).
 * @returns {Record<string, { simple: { limit: number, period: number } }>}
 */
export function configuredRatelimits() {
  const config = JSON.parse(readFileSync(join(root, "wrangler.jsonc"), "utf8").replace(/^\s*\/\/.*$/gm, ""));
  /** @type {Record<string, { simple: { limit: number, period: number } }>} */
  const ratelimits = {};
  for (const r of config.ratelimits ?? []) ratelimits[r.name] = { simple: r.simple };
  return ratelimits;
}

/**
 * @param {{ log?: (line: string) => void, options?: Record<string, unknown>, loadData?: boolean }} [opts]
 *   options: extra Miniflare options (e.g. ratelimits) merged over the defaults;
 *   loadData: false for an empty store (the OpenAPI document needs no models)
 */
export async function startMiniflareServer({ log = () => {}, options = {}, loadData = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "edgegrad-mf-"));
  const { modules } = bundleWorker(dir);
  const token = randomBytes(18).toString("base64url");
  const port = await freePort();
  const mf = new Miniflare({
    host: "127.0.0.1",
    port,
    compatibilityDate: "2026-02-01",
    modulesRoot: dir,
    modules,
    kvNamespaces: ["KV"],
    d1Databases: ["DB"],
    durableObjects: { ROOMS: { className: "Room", useSQLite: true } },
    r2Buckets: ["DATASETS"],
    bindings: { ADMIN_TOKEN: token, GRADING_SECRET: randomBytes(18).toString("base64url") },
    serviceBindings: { ASSETS: () => new Response("not served here", { status: 404 }) },
    ...options,
  });
  const url = await mf.ready;
  const base = url.origin;
  if (loadData) await loadDefaults(base, token, { root, log });
  return { base, token, mf, stop: () => mf.dispose() };
}
