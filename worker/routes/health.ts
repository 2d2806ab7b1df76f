import type { App } from "../app";

/**
 * `GET /v1/ping`: the cheapest route, with the same middleware as the others — the floor the
 * HTTP benchmark (scripts/bench.mjs) measures the predict route against.
 */
export function registerHealth(app: App): void {
  app.get("/v1/ping", (c) => c.json({ ok: true }));
}
