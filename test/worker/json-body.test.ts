import { env, SELF } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import app from "../../worker/index";

/**
 * A zod-validated JSON route parses its body once: the route's body middleware (jsonBody) reads
 * and parses it, and the zod schema validates that object (worker/http/resource.ts) instead of
 * zod-openapi's validator parsing the same text again. Counted on JSON.parse, for every operation
 * in the document whose documented example is a JSON body, sent as that example.
 */
interface Op {
  method: string;
  path: string;
  body: string;
}

const ops: Op[] = [];

beforeAll(async () => {
  const doc = await (await SELF.fetch("http://x/openapi.json")).json<any>();
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      const example = op.requestBody?.content?.["application/json"]?.example;
      // Routes with a zod schema and no path parameters: the compute routes, rooms, train.
      if (example === undefined || path.includes("{") || !op.requestBody.content["application/json"].schema.properties)
        continue;
      if (op.operationId === "train" || op.operationId === "gradientCheck") continue; // jobs: their own test
      ops.push({ method: method.toUpperCase(), path, body: JSON.stringify(example) });
    }
  }
});

afterEach(() => vi.restoreAllMocks());

describe("a JSON body", () => {
  it("is parsed once on every zod-validated route", async () => {
    expect(ops.map((o) => o.path)).toEqual(expect.arrayContaining(["/v1/loss/mse", "/v1/softmax", "/v1/diff"]));
    for (const op of ops) {
      const parse = vi.spyOn(JSON, "parse");
      const res = await app.fetch(
        new Request(`http://x${op.path}`, {
          method: op.method,
          headers: { "content-type": "application/json" },
          body: op.body,
        }),
        env,
      );
      const parsesOfBody = parse.mock.calls.filter(([text]) => text === op.body).length;
      parse.mockRestore();
      expect(res.status, `${op.method} ${op.path}: ${await res.text()}`).toBeLessThan(300);
      expect(parsesOfBody, `${op.method} ${op.path}`).toBe(1);
    }
  });

  it("labelled as a form by curl -d is still read as JSON, and a bad one still names the field", async () => {
    const res = await app.fetch(
      new Request("http://x/v1/softmax", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: '{"x": [1010, 1000, 990]}',
      }),
      env,
    );
    expect(res.status).toBe(200);
    const bad = await app.fetch(
      new Request("http://x/v1/softmax", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"x": "no"}',
      }),
      env,
    );
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: { pointer: string }[] }).errors[0].pointer).toBe("/x");
  });
});
