import { z } from "@hono/zod-openapi";
import { fromNested, type NDArray, type Nested } from "../../core/ndarray";
import { LIMITS } from "./limits";
import { render, type Text, text } from "../../core/i18n";

/**
 * Nested JSON number arrays (what numpy's `tolist()` produces) validated with errors that name
 * the exact element: `/y/3/1: expected a finite number, got "NaN"`. zod's own union errors
 * for "vector or matrix" are hard for a student to read, so the walk is done here once.
 */
export interface ArrayRule {
  /** Allowed ranks: 0 = scalar, 1 = vector, 2 = matrix. */
  ranks: readonly number[];
  maxElements?: number;
  /** Values must lie in [0, 1] (probabilities). */
  probability?: boolean;
}

interface Issue {
  path: (string | number)[];
  message: Text;
}

function describe(v: unknown): Text | string {
  if (typeof v === "string") return JSON.stringify(v.length > 20 ? v.slice(0, 20) + "…" : v);
  if (v === null) return "null";
  if (Array.isArray(v)) return text("error.value.array");
  return typeof v === "object" ? text("error.value.object") : String(v);
}

const RANK_NAMES = [text("error.array.rank-0"), text("error.array.rank-1"), text("error.array.rank-2")];
const rankName = (r: number): Text => RANK_NAMES[r] ?? text("error.array.rank-n", { rank: r });

export function checkArray(value: unknown, rule: ArrayRule): Issue | null {
  const maxElements = rule.maxElements ?? LIMITS.maxElements;
  const expected = rule.ranks.map(rankName).reduce((a, b) => text("error.array.or", { a, b }));
  // Rank is read from the first element chain; raggedness is caught during the walk.
  let rank = 0;
  for (let probe: unknown = value; Array.isArray(probe); probe = probe[0]) {
    rank++;
    if (probe.length === 0) break;
  }
  if (!rule.ranks.includes(rank)) {
    const got = rank === 0 ? describe(value) : text("error.array.rank-n", { rank });
    return { path: [], message: text("error.array.expected", { expected, got }) };
  }
  let count = 0;
  const walk = (v: unknown, depth: number, path: (string | number)[], width: number[]): Issue | null => {
    if (depth === rank) {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        return { path, message: text("error.array.finite", { got: describe(v) }) };
      }
      if (rule.probability && (v < 0 || v > 1)) {
        return { path, message: text("error.array.probability", { got: v }) };
      }
      count++;
      return null;
    }
    if (!Array.isArray(v)) return { path, message: text("error.array.list-at-depth", { depth: depth + 1, got: describe(v) }) };
    if (v.length === 0) return { path, message: text("error.array.empty") };
    if (width[depth] === undefined) width[depth] = v.length;
    else if (v.length !== width[depth]) {
      return { path, message: text("error.array.ragged", { n: v.length, first: width[depth] }) };
    }
    if (count + v.length > maxElements) {
      return { path, message: text("error.array.too-many", { max: maxElements }) };
    }
    for (let i = 0; i < v.length; i++) {
      const issue = walk(v[i], depth + 1, [...path, i], width);
      if (issue) return issue;
    }
    return null;
  };
  return walk(value, 0, [], []);
}

const OPENAPI_SHAPES: Record<number, object> = {
  0: { type: "number" },
  1: { type: "array", items: { type: "number" } },
  2: { type: "array", items: { type: "array", items: { type: "number" } } },
};

/** A zod schema for a numeric array field, documented in OpenAPI as vector/matrix. */
export function numericArray(rule: ArrayRule, description: string, example: Nested) {
  const shapes = rule.ranks.map((r) => OPENAPI_SHAPES[r] ?? { type: "array", description: `rank ${r}` });
  // z.any() (rather than z.custom) so the OpenAPI generator accepts the override below.
  return z
    .any()
    .superRefine((v, ctx) => {
      if (v === undefined) {
        ctx.addIssue({ code: "custom", message: "required", params: { text: text("error.required") } });
        return;
      }
      const issue = checkArray(v, rule);
      if (issue) ctx.addIssue({ code: "custom", message: render("en", issue.message), params: { text: issue.message }, path: issue.path });
    })
    .openapi({
      ...(shapes.length === 1 ? shapes[0] : { oneOf: shapes }),
      description: `${description} At most ${rule.maxElements ?? LIMITS.maxElements} elements; finite numbers only.`,
      example,
    });
}

/** A value that passed `numericArray`'s check, as an NDArray. */
export function toNDArray(v: unknown): NDArray {
  return fromNested(v as Nested);
}
