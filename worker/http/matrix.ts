import { Problem } from "./problem";

/**
 * A tight check-and-copy of nested JSON number lists into a typed array, for inputs far too
 * large to walk with zod (2,000 digits are 1.5M numbers): one pass, no intermediate arrays, and
 * the first bad element reported with its exact JSON Pointer (`/x/12/400`).
 */
export interface Rows {
  data: Float64Array;
  /** The value's shape, e.g. [784], [n, 784], [28, 28], [n, 28, 28]. */
  shape: number[];
}

function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 20 ? v.slice(0, 20) + "…" : v);
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  return typeof v === "object" ? "an object" : String(v);
}

/** Reads a rectangular nested list of finite numbers of rank 1..maxRank, at most maxElements. */
export function readNumbers(value: unknown, pointer: string, maxRank: number, maxElements: number): Rows {
  const shape: number[] = [];
  for (let probe: unknown = value; Array.isArray(probe); probe = probe[0]) {
    shape.push(probe.length);
    if (probe.length === 0) throw Problem.field(pointer + "/0".repeat(shape.length - 1), "empty list");
  }
  if (shape.length === 0) throw Problem.field(pointer, `expected a list of numbers, got ${describe(value)}`);
  if (shape.length > maxRank) throw Problem.field(pointer, `expected at most ${maxRank} levels of nesting, got ${shape.length}`);
  let total = 1;
  for (const d of shape) total *= d;
  if (total > maxElements) {
    throw new Problem(413, `${pointer}: ${total} numbers, at most ${maxElements} allowed in one request`, {
      errors: [{ pointer, message: `at most ${maxElements} numbers` }],
      extra: { limit: maxElements },
    });
  }
  const data = new Float64Array(total);
  let k = 0;
  const rank = shape.length;
  const walk = (v: unknown, depth: number, path: string): void => {
    if (!Array.isArray(v)) throw Problem.field(path, `expected a list of ${shape[depth]}, got ${describe(v)}`);
    if (v.length !== shape[depth]) {
      throw Problem.field(path, `ragged: this list has ${v.length} elements, expected ${shape[depth]} like the first`);
    }
    if (depth === rank - 1) {
      for (let i = 0; i < v.length; i++) {
        const n = v[i];
        if (typeof n !== "number" || !Number.isFinite(n)) throw Problem.field(`${path}/${i}`, `expected a finite number, got ${describe(n)}`);
        data[k++] = n;
      }
      return;
    }
    for (let i = 0; i < v.length; i++) walk(v[i], depth + 1, `${path}/${i}`);
  };
  walk(value, 0, pointer);
  return { data, shape };
}

/**
 * Digit labels for `rows` inputs from t (at /t): a label 0..9 per row, or one-hot rows of 10.
 * `missing` is the message when t is absent.
 */
export function digitLabels(t: unknown, rows: number, missing: string): Uint8Array {
  if (t === undefined) throw Problem.field("/t", missing);
  return labelsOf(readNumbers(t, "/t", 2, rows * 10), rows);
}

/** Labels from t as the streaming reader read it (a bare label has shape []). */
export function streamedLabels(t: { data: ArrayLike<number>; shape: number[] } | undefined, rows: number, missing: string): Uint8Array {
  if (t === undefined) throw Problem.field("/t", missing);
  if (t.shape.length === 0) throw Problem.field("/t", `expected a list of labels or one-hot rows, got a number`);
  return labelsOf(t, rows);
}

function labelsOf({ data, shape }: { data: ArrayLike<number>; shape: number[] }, rows: number): Uint8Array {
  const labels = new Uint8Array(rows);
  if (shape.length === 1) {
    if (shape[0] !== rows) throw Problem.field("/t", `${shape[0]} labels for ${rows} digits`);
    for (let i = 0; i < rows; i++) {
      const v = data[i];
      if (!Number.isInteger(v) || v < 0 || v > 9) throw Problem.field(`/t/${i}`, `label ${v} is not a digit 0..9`);
      labels[i] = v;
    }
    return labels;
  }
  if (shape[0] !== rows || shape[1] !== 10) throw Problem.field("/t", `one-hot t must have shape (${rows}, 10), got (${shape.join(", ")})`);
  for (let i = 0; i < rows; i++) {
    let hot = -1;
    for (let j = 0; j < 10; j++) {
      const v = data[i * 10 + j];
      if (v !== 0 && v !== 1) throw Problem.field(`/t/${i}/${j}`, `one-hot values are 0 or 1, got ${v}`);
      if (v === 1) {
        if (hot >= 0) throw Problem.field(`/t/${i}`, "more than one 1 in a one-hot row");
        hot = j;
      }
    }
    if (hot < 0) throw Problem.field(`/t/${i}`, "no 1 in this one-hot row");
    labels[i] = hot;
  }
  return labels;
}
