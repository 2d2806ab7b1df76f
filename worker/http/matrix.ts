import { type Text, text } from "../../core/i18n";
import { type Message, Problem } from "./problem";

/**
 * Nested JSON number lists (what numpy's `tolist()` writes), walked once: a tight check-and-copy
 * into a typed array for inputs far too large for zod (2,000 digits are 1.5M numbers), and the
 * check behind the compute routes' zod fields (./arrays.ts). The first bad element is reported
 * with its exact JSON Pointer (`/x/12/400`).
 */
export interface Rows {
  data: Float64Array;
  /** The value's shape, e.g. [784], [n, 784], [28, 28], [n, 28, 28]. */
  shape: number[];
}

/** How an unexpected value reads in a message: `"NaN"`, `null`, `a list`, `an object`. */
export function describe(v: unknown): Text | string {
  if (typeof v === "string") return JSON.stringify(v.length > 20 ? v.slice(0, 20) + "…" : v);
  if (v === null) return "null";
  if (Array.isArray(v)) return text("error.value.list");
  return typeof v === "object" ? text("error.value.object") : String(v);
}

/** The shape of a nested list read along its first elements ([] for a non-list; stops at an empty list). */
export function probeShape(value: unknown): number[] {
  const shape: number[] = [];
  for (let probe: unknown = value; Array.isArray(probe); probe = probe[0]) {
    shape.push(probe.length);
    if (probe.length === 0) break;
  }
  return shape;
}

export interface ElementIssue {
  pointer: string;
  message: Text;
}

/**
 * Visits every number of a nested list of the given shape in C order: each level must be a list
 * as long as the first one at its depth, each leaf a finite number, and `visit` may refuse a
 * value (out of range). Returns the first bad element with its JSON Pointer, or null.
 */
export function walkNumbers(
  value: unknown,
  shape: readonly number[],
  pointer: string,
  visit: (v: number, k: number) => Text | null,
): ElementIssue | null {
  let k = 0;
  const rank = shape.length;
  const leaf = (n: unknown, path: string): ElementIssue | null => {
    if (typeof n !== "number" || !Number.isFinite(n))
      return { pointer: path, message: text("error.array.finite", { got: describe(n) }) };
    const refused = visit(n, k++);
    return refused ? { pointer: path, message: refused } : null;
  };
  const walk = (v: unknown, depth: number, path: string): ElementIssue | null => {
    if (!Array.isArray(v))
      return { pointer: path, message: text("error.array.list-at-depth", { depth: depth + 1, got: describe(v) }) };
    if (v.length !== shape[depth])
      return { pointer: path, message: text("error.array.ragged", { n: v.length, first: shape[depth] }) };
    for (let i = 0; i < v.length; i++) {
      const issue = depth === rank - 1 ? leaf(v[i], `${path}/${i}`) : walk(v[i], depth + 1, `${path}/${i}`);
      if (issue) return issue;
    }
    return null;
  };
  return rank === 0 ? leaf(value, pointer) : walk(value, 0, pointer);
}

/** Reads a rectangular nested list of finite numbers of rank 1..maxRank, at most maxElements. */
export function readNumbers(value: unknown, pointer: string, maxRank: number, maxElements: number): Rows {
  const shape = probeShape(value);
  if (shape.length === 0) throw Problem.field(pointer, text("error.matrix.list", { got: describe(value) }));
  if (shape.includes(0)) throw Problem.field(pointer + "/0".repeat(shape.length - 1), text("error.array.empty"));
  if (shape.length > maxRank)
    throw Problem.field(pointer, text("error.matrix.depth", { max: maxRank, got: shape.length }));
  let total = 1;
  for (const d of shape) total *= d;
  if (total > maxElements) {
    throw new Problem(413, text("error.matrix.too-many", { pointer, total, max: maxElements }), {
      errors: [{ pointer, message: text("error.matrix.too-many-field", { max: maxElements }) }],
      extra: { limit: maxElements },
    });
  }
  const data = new Float64Array(total);
  const issue = walkNumbers(value, shape, pointer, (v, k) => {
    data[k] = v;
    return null;
  });
  if (issue) throw Problem.field(issue.pointer, issue.message);
  return { data, shape };
}

/**
 * Digit labels for `rows` inputs from t (at /t): a label 0..9 per row, or one-hot rows of 10.
 * `missing` is the message when t is absent.
 */
export function digitLabels(t: unknown, rows: number, missing: Message): Uint8Array {
  if (t === undefined) throw Problem.field("/t", missing);
  return labelsOf(readNumbers(t, "/t", 2, rows * 10), rows);
}

/** Labels from t as the streaming reader read it (a bare label has shape []). */
export function streamedLabels(
  t: { data: ArrayLike<number>; shape: number[] } | undefined,
  rows: number,
  missing: Message,
): Uint8Array {
  if (t === undefined) throw Problem.field("/t", missing);
  if (t.shape.length === 0) throw Problem.field("/t", text("error.labels.number"));
  return labelsOf(t, rows);
}

function labelsOf({ data, shape }: { data: ArrayLike<number>; shape: number[] }, rows: number): Uint8Array {
  const labels = new Uint8Array(rows);
  if (shape.length === 1) {
    if (shape[0] !== rows) throw Problem.field("/t", text("error.labels.count", { n: shape[0], rows }));
    for (let i = 0; i < rows; i++) {
      const v = data[i];
      if (!Number.isInteger(v) || v < 0 || v > 9)
        throw Problem.field(`/t/${i}`, text("error.labels.digit", { label: v }));
      labels[i] = v;
    }
    return labels;
  }
  if (shape[0] !== rows || shape[1] !== 10)
    throw Problem.field("/t", text("error.labels.one-hot-shape", { rows, shape: shape.join(", ") }));
  for (let i = 0; i < rows; i++) {
    let hot = -1;
    for (let j = 0; j < 10; j++) {
      const v = data[i * 10 + j];
      if (v !== 0 && v !== 1) throw Problem.field(`/t/${i}/${j}`, text("error.labels.one-hot-value", { value: v }));
      if (v === 1) {
        if (hot >= 0) throw Problem.field(`/t/${i}`, text("error.labels.two-ones"));
        hot = j;
      }
    }
    if (hot < 0) throw Problem.field(`/t/${i}`, text("error.labels.no-one"));
    labels[i] = hot;
  }
  return labels;
}
