import { describe, expect, it } from "vitest";
import { unstable_readConfig } from "wrangler";
import { CLIENT_LIMITS } from "../../worker/http/rate-limit";

/** The limits the Worker quotes in its 429s and OpenAPI text are the ones wrangler.jsonc configures. */
describe("wrangler.jsonc", () => {
  const ratelimits: { name: string; simple: { limit: number; period: number } }[] = unstable_readConfig({
    config: "wrangler.jsonc",
  }).ratelimits;
  const limit = (name: string) => {
    const rule = ratelimits.find((r) => r.name === name);
    expect(rule?.simple.period, `${name} counts per minute`).toBe(60);
    return rule?.simple.limit;
  };

  it("configures the per-client limits quoted by the Worker", () => {
    expect({
      jobs: limit("JOBS_LIMITER"),
      compute: limit("COMPUTE_LIMITER"),
      submissions: limit("SUBMISSIONS_LIMITER"),
    }).toEqual(CLIENT_LIMITS);
  });
});
