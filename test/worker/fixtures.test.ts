import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("FIXTURES binding", () => {
  it("serves files under fixtures/ and nothing outside", async () => {
    const ok = await env.FIXTURES.fetch("http://fixtures/reference/loss.json");
    expect(ok.status).toBe(200);
    expect(Object.keys(await ok.json()).length).toBeGreaterThan(0);
    const outside = await env.FIXTURES.fetch("http://fixtures/%2e%2e/package.json");
    expect(outside.status).not.toBe(200);
  });
});
