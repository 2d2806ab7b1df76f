// Test helpers for core/expr (no test runner imports, so it can be shared).

/** Distance in units in the last place between two finite doubles of the same sign. */
export function ulpDistance(a: number, b: number): number {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  const buf = new DataView(new ArrayBuffer(16));
  buf.setFloat64(0, a);
  buf.setFloat64(8, b);
  const ia = buf.getBigInt64(0),
    ib = buf.getBigInt64(8);
  if (ia < 0n !== ib < 0n) return Infinity;
  const d = ia - ib;
  return Number(d < 0n ? -d : d);
}

/** Decodes the fixture encoding: numbers as JSON numbers, "nan"/"inf"/"-inf" as strings. */
export function decode(v: number | string): number {
  if (typeof v === "number") return v;
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  throw new Error(`fixture: bad number ${v}`);
}
