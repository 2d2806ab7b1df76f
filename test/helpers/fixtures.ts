/**
 * Reads fixtures/reference/<name>.json (written by fixtures/generate.py) in Node tests. The
 * generator writes NaN and infinities as the strings "nan", "inf" and "-inf"; they come back
 * as numbers here. Everything else is plain JSON; floats round-trip exactly.
 */
import { readFileSync } from "node:fs";
import { fromNested, type NDArray, type Nested } from "../../core/ndarray";

const SPECIAL: Record<string, number> = { nan: NaN, inf: Infinity, "-inf": -Infinity };

export function decodeSpecial(_key: string, value: unknown): unknown {
  return typeof value === "string" && value in SPECIAL ? SPECIAL[value] : value;
}

export interface Fixture<T> {
  generator: string;
  numpy: string;
  notes: string;
  meta: Record<string, unknown>;
  cases: T;
}

export function loadFixture<T>(name: string): Fixture<T> {
  const url = new URL(`../../fixtures/reference/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8"), decodeSpecial) as Fixture<T>;
}

/** A fixture array (nested lists, or a bare number for 0-d) as an NDArray. */
export function nd(value: Nested): NDArray {
  return fromNested(value);
}

/** Flattens a fixture value (number or nested lists) to its values in C order. */
export function flat(value: Nested): Float64Array {
  return fromNested(value).data;
}
