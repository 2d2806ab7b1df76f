import { describe, expect, it } from "vitest";
import * as zod from "zod";
import * as zodCore from "zod/v4/core";
// @ts-expect-error plain ESM shim without types
import * as slim from "../../worker/zod/index.js";

/**
 * wrangler.jsonc aliases "zod" to worker/zod/ (zod without its message locales, to keep the
 * Worker's bundle under 1 MiB). The shim must expose exactly zod's namespace minus `locales`,
 * and the very same objects, so an upgrade of zod that adds or moves an export fails here.
 */
const withoutLocales = (keys: string[]) => keys.filter((k) => k !== "locales").sort();

describe("the zod alias (worker/zod)", () => {
  it("exports zod's z namespace minus locales, with the same objects", () => {
    expect(Object.keys(slim.z).sort()).toEqual(withoutLocales(Object.keys(zod.z)));
    for (const key of Object.keys(slim.z))
      if (key !== "core") expect(slim.z[key], key).toBe((zod.z as Record<string, unknown>)[key]);
  });

  it("exports z.core minus locales, with the same objects", () => {
    expect(Object.keys(slim.z.core).sort()).toEqual(withoutLocales(Object.keys(zodCore)));
    for (const key of Object.keys(slim.z.core))
      expect(slim.z.core[key], key).toBe((zodCore as Record<string, unknown>)[key]);
  });

  it("validates with English messages like zod itself", () => {
    const r = slim.z.object({ n: slim.z.number() }).safeParse({ n: "x" });
    expect(r.success).toBe(false);
    expect(r.error.issues[0].message).toBe(
      zod.z.object({ n: zod.z.number() }).safeParse({ n: "x" }).error?.issues[0].message,
    );
  });
});
