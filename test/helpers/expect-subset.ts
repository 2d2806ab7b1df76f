import { expect } from "vitest";

/**
 * Asserts that every field of `expected` appears in `actual` with an equal value; numbers are
 * compared with a relative tolerance, arrays element by element, objects recursively.
 */
export function expectSubset(actual: unknown, expected: unknown, opts: { rtol?: number } = {}, path = ""): void {
  const rtol = opts.rtol ?? 0;
  if (typeof expected === "number") {
    expect(typeof actual, `${path}: type`).toBe("number");
    const a = actual as number;
    expect(
      Math.abs(a - expected) <= rtol * Math.abs(expected) || Object.is(a, expected),
      `${path}: ${a} vs ${expected}`,
    ).toBe(true);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path}: expected an array`).toBe(true);
    expect((actual as unknown[]).length, `${path}: length`).toBe(expected.length);
    expected.forEach((e, i) => expectSubset((actual as unknown[])[i], e, opts, `${path}/${i}`));
  } else if (expected !== null && typeof expected === "object") {
    expect(actual !== null && typeof actual === "object", `${path}: expected an object`).toBe(true);
    for (const [k, v] of Object.entries(expected)) {
      expect(actual as object, `${path}: missing field ${k}`).toHaveProperty([k]);
      expectSubset((actual as Record<string, unknown>)[k], v, opts, `${path}/${k}`);
    }
  } else {
    expect(actual, path).toEqual(expected);
  }
}
