import { describe, expect, it } from "vitest";
import { loadFixture } from "../../test/helpers/fixtures";
import { compare, DEFAULT_TOLERANCE, isClose } from "./tolerance";

// fixtures/generate_edges.py: numpy's own np.isclose on pairs at the edge of the tolerance.
interface Pair {
  a: number;
  b: number;
  rtol?: number;
  atol?: number;
  equal_nan?: boolean;
  close: boolean;
}
const fixture = loadFixture<Pair[]>("isclose-grader");
const pairs = fixture.cases;

const show = (p: Pair) =>
  `isclose(${p.a}, ${p.b}${p.rtol === undefined ? "" : `, rtol=${p.rtol}, atol=${p.atol}`}${p.equal_nan ? ", equal_nan" : ""}) is ${p.close} in numpy`;

describe("isClose is numpy.isclose, pair by pair", () => {
  it("with numpy's defaults (rtol and atol not passed)", () => {
    const defaults = pairs.filter((p) => p.rtol === undefined);
    expect(defaults.length).toBeGreaterThan(500);
    const wrong = defaults.filter((p) => isClose(p.a, p.b, undefined, p.equal_nan ?? false) !== p.close);
    expect(wrong.map(show)).toEqual([]);
  });

  it("with explicit rtol and atol", () => {
    const explicit = pairs.filter((p) => p.rtol !== undefined);
    expect(explicit.length).toBeGreaterThan(500);
    const wrong = explicit.filter((p) => isClose(p.a, p.b, { rtol: p.rtol!, atol: p.atol! }) !== p.close);
    expect(wrong.map(show)).toEqual([]);
  });

  it("is asymmetric as numpy is: the tolerance scales with the expected value", () => {
    const asymmetric = pairs.filter(
      (p) => p.rtol === undefined && Number.isFinite(p.a) && Number.isFinite(p.b) && isClose(p.b, p.a) !== p.close,
    );
    // The fixture has pairs on which the mirrored comparison disagrees with numpy; isClose(a, b) agrees with numpy on them.
    expect(asymmetric.length).toBeGreaterThanOrEqual(20);
    for (const p of asymmetric) expect(isClose(p.a, p.b), show(p)).toBe(p.close);
  });

  it("the defaults are numpy's (the fixture records what numpy declares)", () => {
    expect(DEFAULT_TOLERANCE).toEqual(fixture.meta.defaults);
  });
});

describe("compare", () => {
  it("counts the elements numpy calls close and points at the first that is not", () => {
    const same = pairs.filter((p) => p.rtol === undefined && !p.equal_nan);
    expect(same.some((p) => !p.close)).toBe(true);
    const c = compare(
      { data: Float64Array.from(same, (p) => p.a), shape: [same.length] },
      { data: Float64Array.from(same, (p) => p.b), shape: [same.length] },
      DEFAULT_TOLERANCE,
    );
    expect(c.close).toBe(same.filter((p) => p.close).length);
    expect(c.firstBad).toBe(same.findIndex((p) => !p.close));
  });
});
