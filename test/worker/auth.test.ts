// requireAdmin: bearer token, constant-time comparison, 401/403, token never echoed.
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/app";
import { constantTimeEqual } from "../../worker/http/auth";

const put = (headers: Record<string, string>): Promise<Response> =>
  SELF.fetch("http://x/v1/models/m", {
    method: "PUT",
    headers: { "content-type": "application/json", ...headers },
    body: "{}",
  });

describe("requireAdmin", () => {
  it("401 with WWW-Authenticate for a missing, malformed or wrong token, without echoing it", async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: "Basic dGVzdA==" },
      { authorization: "Bearer" },
      { authorization: "Bearer wrong-token-value" },
      { authorization: "Bearer test-admin-token-" },
    ]) {
      const res = await put(headers);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const text = await res.text();
      expect(text).not.toContain("wrong-token-value");
      expect(text).not.toContain("test-admin-token");
    }
    for (const path of ["/v1/models/m", "/v1/datasets/mnist/test"]) {
      expect(
        (await SELF.fetch(`http://x${path}`, { method: path.includes("datasets") ? "PUT" : "DELETE" })).status,
      ).toBe(401);
    }
  });

  it("lets the right token through (case-insensitive scheme) to the route's own validation", async () => {
    expect((await put({ authorization: "Bearer test-admin-token" })).status).toBe(422);
    expect((await put({ authorization: "bearer test-admin-token" })).status).toBe(422);
  });

  it("403 'writes are disabled' when no ADMIN_TOKEN is configured", async () => {
    const app = createApp();
    const res = await app.request(
      "/v1/models/m",
      { method: "PUT", headers: { authorization: "Bearer anything", "content-type": "application/json" }, body: "{}" },
      { ...env, ADMIN_TOKEN: undefined },
    );
    expect(res.status).toBe(403);
    expect(((await res.json()) as { detail: string }).detail).toBe("writes are disabled: no ADMIN_TOKEN configured");
  });

  it("admin verbs are not offered cross-origin", async () => {
    const res = await SELF.fetch("http://x/v1/models/m", {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "PUT" },
    });
    expect(res.headers.get("access-control-allow-methods") ?? "").not.toContain("PUT");
  });

  it("constantTimeEqual compares whole values", async () => {
    expect(await constantTimeEqual("abc", "abc")).toBe(true);
    expect(await constantTimeEqual("abc", "abd")).toBe(false);
    expect(await constantTimeEqual("abc", "abcd")).toBe(false);
    expect(await constantTimeEqual("", "a")).toBe(false);
  });
});
