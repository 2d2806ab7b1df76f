import { describe, expect, it } from "vitest";
import { post } from "./reference";

/**
 * Attacks on the expression language through the public routes: each is refused at parse time
 * (422 naming /f) or evaluates to a bounded numeric answer — none reaches a JavaScript object,
 * a global, or unbounded work.
 */
const refused = [
  "__proto__",
  "constructor",
  "x.constructor",
  "x.__proto__.polluted",
  "globalThis",
  "this",
  "np.__class__",
  "np.exp.__globals__",
  "np.constructor",
  "np.toString",
  "np.hasOwnProperty",
  "x[0].__class__",
  "__import__('os')",
  "eval('1')",
  "open('/etc/passwd')",
  "lambda x: x",
  "[i for i in x]",
  "(lambda: 1)()",
  "x if x else 1",
  "'a' * 10",
  "x; 1",
  "x = 1",
  "np.sum(x, axis=0)",
  "process.exit(1)",
  "Function('return 1')()",
  "x[np.sum(x)]",
  "(".repeat(200) + "x" + ")".repeat(200),
  "x+".repeat(50_000) + "x",
];

const bounded = [
  "x**x**x**x**x**x**x**x",
  "9.0**9.0**9.0",
  "np.exp(np.exp(np.exp(x)))",
  "1e308*10",
  "(-8)**(1/3)",
  "x/0",
  "np.log(0*x)",
];

describe("expression sandbox", () => {
  it.each(refused.map((f) => [f.length > 60 ? `${f.slice(0, 40)}… (${f.length} chars)` : f, f]))(
    "refuses %s",
    async (_label, f) => {
      for (const route of ["/v1/diff", "/v1/gradient"]) {
        const res = await post(route, { f, x: route === "/v1/diff" ? 2 : [2, 3] });
        expect(res.status, `${route}: ${res.text}`).toBe(422);
        expect(res.json.errors[0].pointer).toBe("/f");
      }
    },
  );

  it.each(bounded)("bounds %s (a number, Infinity or NaN; never a crash)", async (f) => {
    const res = await post("/v1/diff", { f, x: 2 });
    expect([200, 422]).toContain(res.status);
    if (res.status === 200)
      expect(typeof res.json.value === "number" || ["Infinity", "-Infinity", "NaN"].includes(res.json.value)).toBe(
        true,
      );
  });

  it("refuses broadcasting that would outgrow x (work past the cap), before doing it", async () => {
    const x = Array.from({ length: 400 }, () => [[1]]);
    const res = await post("/v1/gradient", { f: "np.sum(x * x[:,0] * x[:,0,0])", x });
    expect(res.status).toBe(422);
    expect(res.json.errors[0].pointer).toBe("/f");
    expect(res.json.detail).toMatch(/broadcasting shapes/);
    const descent = await post("/v1/descent", {
      f: "np.sum(x * x[:,0])",
      init: Array.from({ length: 1000 }, () => [1]),
      steps: 1,
    });
    expect(descent.status).toBe(422);
  });

  it("leaves the globals it was aimed at untouched", async () => {
    await post("/v1/diff", { f: "x.__proto__.polluted", x: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
