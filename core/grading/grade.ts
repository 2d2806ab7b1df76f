import { DEFAULT_LANG, type Lang, render, type Text, text } from "../i18n";
import { type NDArray, shapeString, size } from "../ndarray";
import { KINDS } from "./kinds";
import { accuracyCredit, thresholdsOf } from "./model-accuracy";
import { allClose, compare, DEFAULT_TOLERANCE, type Tolerance } from "./tolerance";
import type { Kind, ProblemSpec } from "./types";

export type Status = "correct" | "partial" | "incorrect" | "missing";

export interface ProblemResult {
  id: string;
  kind: string;
  title: string;
  score: number;
  max_score: number;
  status: Status;
  feedback: string;
  /** The classic mistake the answer matches, if any. */
  diagnosis?: { id: string; message: string };
  /** Elements within tolerance, for array answers. */
  elements?: { close: number; total: number };
  /** The expected value (nested lists); only ever set when the caller may reveal it. */
  expected?: unknown;
  /** model_accuracy: the measured accuracy. */
  accuracy?: number;
}

/** Scores are rounded to 1e-6 so that totals add up exactly to the sum of the shown parts. */
export const roundScore = (v: number): number => Math.round(v * 1e6) / 1e6;

export function toleranceOf(spec: ProblemSpec, kind?: Kind): Tolerance {
  return {
    rtol: spec.rtol ?? kind?.tolerance?.rtol ?? DEFAULT_TOLERANCE.rtol,
    atol: spec.atol ?? kind?.tolerance?.atol ?? DEFAULT_TOLERANCE.atol,
  };
}

const squeeze = (shape: readonly number[]): number[] => shape.filter((d) => d !== 1);

/** An answer of shape (1,) for a number, or (1, 3) for a (3,) vector, is taken as meant. */
function conform(answer: NDArray, shape: number[]): NDArray {
  if (size(answer.shape) !== size(shape)) return answer;
  const a = squeeze(answer.shape);
  const b = squeeze(shape);
  return a.length === b.length && a.every((d, i) => d === b[i]) ? { data: answer.data, shape: [...shape] } : answer;
}

function nested(a: NDArray): unknown {
  const num = (v: number): unknown => (Number.isFinite(v) ? v : String(v));
  if (a.shape.length === 0) return num(a.data[0]);
  let k = 0;
  const build = (d: number): unknown[] =>
    Array.from({ length: a.shape[d] }, () => (d === a.shape.length - 1 ? num(a.data[k++]) : build(d + 1)));
  return build(0);
}

function indexOf(flat: number, shape: number[]): string {
  if (shape.length === 0) return "";
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(flat % shape[d]);
    flat = Math.floor(flat / shape[d]);
  }
  return `[${idx.join(", ")}]`;
}

const base = (spec: ProblemSpec) => ({
  id: spec.id,
  kind: spec.kind,
  title: spec.title ?? spec.id,
  max_score: spec.points,
});

/**
 * Grades one answer: shape check, numpy.isclose element by element, partial credit when the
 * problem allows it, and the classic mistake the answer matches (named, never the value).
 * `reveal` adds the expected value to a wrong answer's result (visible problems only).
 * Feedback and diagnosis are written in `lang`.
 */
export function gradeAnswer(
  spec: ProblemSpec,
  inputs: Record<string, unknown>,
  answer: NDArray | undefined,
  reveal: boolean,
  lang: Lang = DEFAULT_LANG,
): ProblemResult {
  const kind = KINDS.get(spec.kind);
  if (!kind) throw new RangeError(`gradeAnswer: unknown problem kind "${spec.kind}"`);
  if (answer === undefined)
    return { ...base(spec), score: 0, status: "missing", feedback: render(lang, text("grade.missing")) };
  const tol = toleranceOf(spec, kind);
  const expected = kind.solve(inputs);
  const given = conform(answer, expected.shape);
  const c = compare(given, expected, tol);
  if (c.shapeOk && c.close === c.total) {
    return {
      ...base(spec),
      score: spec.points,
      status: "correct",
      feedback: render(lang, text("grade.correct")),
      ...(c.total > 1 ? { elements: { close: c.close, total: c.total } } : {}),
    };
  }
  const mistake = kind
    .mistakes(inputs)
    .find((m) => allClose(given, m.value, tol) && !allClose(m.value, expected, tol, false));
  const score = spec.partial && c.shapeOk ? roundScore((spec.points * c.close) / c.total) : 0;
  const feedback: Text[] = mistake ? [mistake.message] : [];
  if (!c.shapeOk) {
    const transposed =
      expected.shape.length === 2 &&
      given.shape.length === 2 &&
      given.shape[0] === expected.shape[1] &&
      given.shape[1] === expected.shape[0];
    feedback.push(
      text(transposed ? "grade.shape-transposed" : "grade.shape", {
        expected: shapeString(expected.shape),
        got: shapeString(given.shape),
      }),
    );
  } else {
    const bad = given.data[c.firstBad];
    const value = Number.isFinite(bad) ? String(bad) : String(bad).toLowerCase().replace("infinity", "inf");
    const at = expected.shape.length > 0;
    const index = indexOf(c.firstBad, expected.shape);
    if (c.total > 1) feedback.push(text("grade.elements", { close: c.close, total: c.total }));
    const key = Number.isFinite(bad)
      ? at
        ? "grade.outside-at"
        : "grade.outside"
      : at
        ? "grade.not-finite-at"
        : "grade.not-finite";
    feedback.push(text(key, { value, index, rtol: tol.rtol, atol: tol.atol }));
  }
  return {
    ...base(spec),
    score,
    status: score > 0 ? "partial" : "incorrect",
    feedback: render(lang, feedback),
    ...(mistake ? { diagnosis: { id: mistake.id, message: render(lang, mistake.message) } } : {}),
    ...(c.shapeOk && c.total > 1 ? { elements: { close: c.close, total: c.total } } : {}),
    ...(reveal ? { expected: nested(expected) } : {}),
  };
}

/** What an uploaded network scored on the held-out digits, and with the other activation (two-layer nets). */
export interface Measured {
  accuracy: number;
  count: number;
  /** The two-layer net read with the other activation, when that changes its accuracy. */
  other?: { activation: string; accuracy: number };
  activation?: string;
}

/** How much higher the other activation must score before the feedback suggests it. */
export const ACTIVATION_HINT_GAP = 0.05;

/** Grades a model_accuracy problem from the measured accuracy (undefined: nothing uploaded). */
export function gradeAccuracy(
  spec: ProblemSpec,
  result: Measured | undefined,
  lang: Lang = DEFAULT_LANG,
): ProblemResult {
  if (!result)
    return {
      ...base(spec),
      score: 0,
      status: "missing",
      feedback: render(lang, text("grade.no-upload", { field: spec.id })),
    };
  const thresholds = thresholdsOf(spec.params);
  const credit = accuracyCredit(result.accuracy, thresholds);
  const score = roundScore(spec.points * credit);
  const next = [...thresholds].reverse().find((t) => t.accuracy > result.accuracy);
  return {
    ...base(spec),
    score,
    status: credit === 1 ? "correct" : credit > 0 ? "partial" : "incorrect",
    accuracy: result.accuracy,
    feedback: render(lang, [
      text("grade.accuracy", { accuracy: result.accuracy, count: result.count, percent: Math.round(credit * 100) }),
      ...(next
        ? [text("grade.accuracy-next", { accuracy: next.accuracy, percent: Math.round(next.credit * 100) })]
        : []),
      ...(result.other && result.other.accuracy >= result.accuracy + ACTIVATION_HINT_GAP
        ? [
            text("grade.activation-hint", {
              other: result.other.activation,
              otherAccuracy: result.other.accuracy,
              activation: result.activation ?? "uploaded",
              accuracy: result.accuracy,
            }),
          ]
        : []),
    ]),
  };
}

/** Multiplies every score by a late factor (rounded), keeping the per-problem parts summable. */
export function applyFactor(results: ProblemResult[], factor: number): ProblemResult[] {
  if (factor === 1) return results;
  return results.map((r) => ({ ...r, score: roundScore(r.score * factor) }));
}

export function total(results: ProblemResult[]): { score: number; max_score: number } {
  return {
    score: roundScore(results.reduce((a, r) => a + r.score, 0)),
    max_score: roundScore(results.reduce((a, r) => a + r.max_score, 0)),
  };
}
