import { SELF, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("smoke", () => {
  it("serves the index", async () => {
    const res = await SELF.fetch("http://x/");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: "edgegrad" });
    await env.KV.put("a", "b");
    expect(await env.KV.get("a")).toBe("b");
  });
});
