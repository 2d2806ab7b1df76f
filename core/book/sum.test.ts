import { describe, expect, it } from "vitest";
import { expectClose } from "../../test/helpers/expect-close";
import { loadFixture } from "../../test/helpers/fixtures";
import { pairwiseSum, sum } from "./sum";

interface SumFixture {
  values: number[];
  prefix_sums: number[];
  long: { n: number; sum: number; naive_differs: boolean }[];
  special: { name: string; x: number[]; sum: number }[];
}

const fx = loadFixture<SumFixture>("sum");

/** The generator's exact formula: only + - * / on small integers, so identical in numpy and JS. */
function formula(n: number): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = ((((i * 7919) % 1009) - 504.5) / ((i % 17) + 1)) * ((i % 5) * 1000 + 1);
  return a;
}

function naive(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

describe("sum (numpy's pairwise np.sum)", () => {
  it("equals np.sum bit for bit for every length 0..1000 of mixed-magnitude data", () => {
    const values = Float64Array.from(fx.cases.values);
    expect(fx.cases.prefix_sums).toHaveLength(1001);
    for (let n = 0; n <= 1000; n++) {
      expectClose(sum(values.subarray(0, n)), fx.cases.prefix_sums[n], { bitwise: true });
    }
  });

  it("uses data on which a plain loop would disagree with numpy", () => {
    const values = Float64Array.from(fx.cases.values);
    const differs = fx.cases.prefix_sums.filter((s, n) => naive(values.subarray(0, n)) !== s).length;
    expect(differs).toBe(fx.meta.naive_loop_differs_for_prefixes);
    expect(differs).toBeGreaterThan(500);
  });

  it("equals np.sum bit for bit on long arrays around the 8/128/8192 block boundaries", () => {
    for (const c of fx.cases.long) {
      const a = formula(c.n);
      expectClose(sum(a), c.sum, { bitwise: true });
      expect(naive(a) !== c.sum).toBe(c.naive_differs);
    }
  });

  it("matches numpy on special values", () => {
    for (const c of fx.cases.special) {
      expectClose(sum(c.x), c.sum, { bitwise: true });
    }
  });

  it("pairwiseSum sums a slice given an offset and a length", () => {
    const values = Float64Array.from(fx.cases.values);
    for (const [off, n] of [
      [0, 0],
      [3, 7],
      [5, 8],
      [17, 128],
      [100, 129],
      [1, 999],
    ]) {
      expectClose(0 + pairwiseSum(values, off, n), sum(values.subarray(off, off + n)), { bitwise: true });
    }
  });
});
