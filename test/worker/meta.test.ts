import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDefaults } from "./defaults";

describe("GET /, /openapi.json, /docs", () => {
  // The documented examples use the stored digits and models, as after `npm start`.
  beforeAll(() => loadDefaults({ train: true }));

  it("GET / says what the service is and links the docs", async () => {
    const res = await SELF.fetch("http://x/", { headers: { accept: "application/json" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      name: "edgegrad",
      docs: "http://x/docs",
      openapi: "http://x/openapi.json",
    });
  });

  it("the OpenAPI 3.1 document lists every compute route with an example body", async () => {
    const doc = await (await SELF.fetch("http://x/openapi.json")).json<any>();
    expect(doc.openapi).toBe("3.1.0");
    for (const path of [
      "/v1/loss/mse",
      "/v1/loss/cross-entropy",
      "/v1/softmax",
      "/v1/diff",
      "/v1/gradient",
      "/v1/descent",
      "/v1/simplenet",
    ]) {
      const op = doc.paths[path]?.post;
      expect(op, path).toBeDefined();
      expect(op.requestBody.content["application/json"].example, path).toBeTypeOf("object");
      expect(op.responses["422"], path).toBeDefined();
    }
  });

  it("every documented example body is accepted by its route", async () => {
    const doc = await (await SELF.fetch("http://x/openapi.json")).json<any>();
    const sent: string[] = [];
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      const example = ops.post?.requestBody?.content?.["application/json"]?.example;
      if (!example || path.includes("{")) continue;
      const res = await SELF.fetch(`http://x${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(example),
      });
      const documented = Object.keys(ops.post.responses).filter((s) => s.startsWith("2")); // 200, or 201 for a created room
      expect(documented, `${path}: ${await res.clone().text()}`).toContain(String(res.status));
      sent.push(path);
    }
    // The loop must have sent something: at least every compute route's example.
    for (const path of [
      "/v1/loss/mse",
      "/v1/loss/cross-entropy",
      "/v1/softmax",
      "/v1/diff",
      "/v1/gradient",
      "/v1/descent",
      "/v1/simplenet",
    ])
      expect(sent).toContain(path);
  });

  it("/docs is served from this host only (works offline)", async () => {
    const html = await (await SELF.fetch("http://x/docs")).text();
    const srcs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(srcs.length).toBeGreaterThan(1);
    for (const src of srcs) expect(src.startsWith("/"), src).toBe(true);
  });
});
