import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import app from "../../worker/index";

/**
 * Access control, discovered from the OpenAPI document so that every route marked
 * `security: [{bearer: []}]` is covered, including ones added later: no token, a wrong one, a malformed
 * header and an unconfigured ADMIN_TOKEN are each refused before any work, and nothing is
 * written. CORS is open on public routes and closed for admin verbs and the Authorization header.
 */
interface Op {
  method: string;
  path: string;
}

const adminOps: Op[] = [];

const concrete = (path: string) =>
  path.replace(/\{(\w+)\}/g, (_, name) => (name === "split" ? "test" : `probe-${name}`));

beforeAll(async () => {
  const doc = await (await SELF.fetch("http://x/openapi.json")).json<any>();
  for (const [path, ops] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(ops)) {
      // Admin-only: the bearer scheme is the only way in (train and submissions also accept
      // it, beside anonymous callers or students' tokens).
      const security: Record<string, unknown>[] = op.security ?? [];
      if (security.length > 0 && security.every((s) => "bearer" in s))
        adminOps.push({ method: method.toUpperCase(), path: concrete(path) });
    }
  }
});

async function kvKeys(): Promise<string[]> {
  return (await env.KV.list()).keys.map((k) => k.name);
}

function send(op: Op, headers: Record<string, string>, bindings = env) {
  const hasBody = op.method !== "GET" && op.method !== "DELETE";
  const req = new Request(`http://x${op.path}`, {
    method: op.method,
    headers: { ...(hasBody ? { "content-type": "application/json" } : {}), ...headers },
    body: hasBody ? JSON.stringify({ arch: "simple", params: {} }) : undefined,
  });
  return app.fetch(req, bindings);
}

describe("admin routes", () => {
  it("are found in the OpenAPI document (model PUT/DELETE, dataset PUT at least)", () => {
    const names = adminOps.map((o) => `${o.method} ${o.path}`);
    expect(names).toEqual(
      expect.arrayContaining([
        "PUT /v1/models/probe-name",
        "DELETE /v1/models/probe-name",
        "PUT /v1/datasets/probe-name/test",
        "DELETE /v1/datasets/probe-name",
      ]),
    );
  });

  const bad: [string, Record<string, string>, number][] = [
    ["no Authorization header", {}, 401],
    ["a wrong token", { authorization: "Bearer not-the-token" }, 401],
    ["a token of another length", { authorization: "Bearer test-admin-token-and-more" }, 401],
    ["the token without 'Bearer'", { authorization: "test-admin-token" }, 401],
    ["Basic auth", { authorization: "Basic dGVzdDp0ZXN0" }, 401],
    ["an empty bearer", { authorization: "Bearer " }, 401],
  ];

  it.each(bad)("refuse %s with %i and store nothing", async (_name, headers, status) => {
    const before = await kvKeys();
    for (const op of adminOps) {
      const res = await send(op, headers);
      expect(res.status, `${op.method} ${op.path}`).toBe(status);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.headers.get("www-authenticate"), `${op.method} ${op.path}`).toMatch(/^Bearer/);
      const text = await res.text();
      expect(text).not.toContain("test-admin-token");
    }
    expect(await kvKeys()).toEqual(before);
  });

  it("refuse before reading the body: a malformed body or a wrong content type still gets 401", async () => {
    for (const op of adminOps.filter((o) => o.method === "PUT" || o.method === "POST")) {
      for (const [type, body] of [
        ["application/json", "{bad"],
        ["text/plain", "hello"],
      ]) {
        const res = await app.fetch(
          new Request(`http://x${op.path}`, { method: op.method, headers: { "content-type": type }, body }),
          env,
        );
        expect(res.status, `${op.method} ${op.path} with ${type}`).toBe(401);
      }
    }
  });

  it("refuse every write with 403 when no ADMIN_TOKEN is configured, even with a token", async () => {
    const before = await kvKeys();
    const unconfigured = { ...env, ADMIN_TOKEN: undefined };
    for (const op of adminOps) {
      const res = await send(op, { authorization: "Bearer test-admin-token" }, unconfigured);
      expect(res.status, `${op.method} ${op.path}`).toBe(403);
      expect(((await res.json()) as { detail: string }).detail).toMatch(/ADMIN_TOKEN/);
    }
    expect(await kvKeys()).toEqual(before);
  });
});

describe("CORS", () => {
  it("public routes answer any origin", async () => {
    const res = await SELF.fetch("http://x/v1/softmax", {
      method: "OPTIONS",
      headers: {
        origin: "https://course.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toMatch(/POST/);
  });

  it("admin verbs and the Authorization header are not allowed cross-origin", async () => {
    const res = await SELF.fetch("http://x/v1/models/any", {
      method: "OPTIONS",
      headers: {
        origin: "https://evil.example",
        "access-control-request-method": "PUT",
        "access-control-request-headers": "authorization",
      },
    });
    expect(res.headers.get("access-control-allow-methods") ?? "").not.toMatch(/PUT|DELETE/);
    expect(res.headers.get("access-control-allow-headers") ?? "").not.toMatch(/authorization/i);
  });
});
