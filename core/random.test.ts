import { describe, expect, it } from "vitest";
import { expectClose } from "../test/helpers/expect-close";
import { loadFixture } from "../test/helpers/fixtures";
import { Random } from "./random";

interface Case {
  seed: number;
  uint32: number[];
  random: number[];
  randn: number[];
  randint_n: number[];
  randint: number[];
  permutation10: number[];
}
const { cases } = loadFixture<Case[]>("nn-random");

describe("Random (xoshiro128** + splitmix32)", () => {
  it.each(cases.map((c) => [c.seed, c] as const))(
    "seed %s: the same stream as the Python implementation",
    (_seed, c) => {
      const r = new Random(c.seed);
      expect(Array.from({ length: 16 }, () => r.nextUint32())).toEqual(c.uint32);
      const u = new Random(c.seed);
      expectClose(
        Array.from({ length: 8 }, () => u.random()),
        c.random,
        { bitwise: true },
      );
      const n = new Random(c.seed);
      // Box-Muller through Math.log/Math.cos (V8's fdlibm) vs Python's libm: equal to the last ulp or so
      expectClose(
        Array.from({ length: 8 }, () => n.randn()),
        c.randn,
        { rtol: 1e-14, atol: 1e-15 },
      );
      const i = new Random(c.seed);
      expect(c.randint_n.map((k) => i.randint(k))).toEqual(c.randint);
      expect(Array.from(new Random(c.seed).permutation(10))).toEqual(c.permutation10);
    },
  );

  it("is reproducible and resumable from its state", () => {
    const a = new Random(7);
    a.random();
    const state = a.getState();
    const next = [a.nextUint32(), a.nextUint32()];
    const b = new Random(0);
    b.setState(state);
    expect([b.nextUint32(), b.nextUint32()]).toEqual(next);
    expect(new Random(7).getState()).not.toEqual(new Random(8).getState());
  });

  it("choice draws with replacement within range; shuffle permutes", () => {
    const r = new Random(3);
    const c = r.choice(5, 1000);
    expect(Math.min(...c)).toBe(0);
    expect(Math.max(...c)).toBe(4);
    const counts = [0, 0, 0, 0, 0];
    for (const v of c) counts[v]++;
    for (const k of counts) expect(k).toBeGreaterThan(150); // 200 expected each; 150 is > 4 sigma away
    const p = r.permutation(100);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it("randn has mean 0 and variance 1", () => {
    const r = new Random(11);
    const x = new Float64Array(20000);
    r.fillNormal(x);
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const v = x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length;
    expect(Math.abs(mean)).toBeLessThan(0.03); // 4 standard errors
    expect(Math.abs(v - 1)).toBeLessThan(0.04);
  });

  it("rejects bad seeds and ranges", () => {
    expect(() => new Random(-1)).toThrow(RangeError);
    expect(() => new Random(1.5)).toThrow(/seed/);
    expect(() => new Random(1).randint(0)).toThrow(/randint/);
  });
});
