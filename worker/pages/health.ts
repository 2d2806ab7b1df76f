import { createRoute, z } from "@hono/zod-openapi";
import { uriTooLong } from "../http/openapi";
import type { Resource } from "../http/resource";

/**
 * `GET /v1/ping`: the cheapest route, with the same middleware as the others — a liveness
 * check, and the floor the HTTP benchmark (scripts/bench.mjs) measures the predict route against.
 */
export function registerHealth(app: Resource): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/ping",
      operationId: "ping",
      security: [],
      tags: ["Service"],
      summary: "Liveness check",
      responses: {
        200: {
          description: "The Worker answers",
          content: { "application/json": { schema: z.object({ ok: z.literal(true) }), example: { ok: true } } },
        },
        ...uriTooLong,
      },
    }),
    (c) => c.json({ ok: true as const }, 200),
  );
}
