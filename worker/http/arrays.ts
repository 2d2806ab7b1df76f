import { z } from "@hono/zod-openapi";
import { render, type Text, text } from "../../core/i18n";
import { fromNested, type NDArray, type Nested } from "../../core/ndarray";
import { LIMITS } from "./limits";
import { describe, probeShape, walkNumbers } from "./matrix";

/**
 * Nested JSON number arrays (what numpy's `tolist()` produces) validated with errors that name
 * the exact element: `/y/3/1: expected a finite number, got "NaN"`. zod's own union errors
 * for "vector or matrix" are hard for a student to read, so the field checks itself with the
 * one nested-list walk (./matrix.ts).
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

const RANK_NAMES = [text("error.array.rank-0"), text("error.array.rank-1"), text("error.array.rank-2")];
const rankName = (r: number): Text => RANK_NAMES[r] ?? text("error.array.rank-n", { rank: r });

/** A JSON Pointer relative to the field ("/1/0") as zod's issue path ([1, 0]). */
function toPath(pointer: string): (string | number)[] {
  return pointer === ""
    ? []
    : pointer
        .slice(1)
        .split("/")
        .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export function checkArray(value: unknown, rule: ArrayRule): Issue | null {
  const maxElements = rule.maxElements ?? LIMITS.maxElements;
  const expected = rule.ranks.map(rankName).reduce((a, b) => text("error.array.or", { a, b }));
  const shape = probeShape(value);
  if (!rule.ranks.includes(shape.length)) {
    const got = shape.length === 0 ? describe(value) : text("error.array.rank-n", { rank: shape.length });
    return { path: [], message: text("error.array.expected", { expected, got }) };
  }
  if (shape.includes(0)) return { path: toPath("/0".repeat(shape.length - 1)), message: text("error.array.empty") };
  if (shape.reduce((n, d) => n * d, 1) > maxElements)
    return { path: [], message: text("error.array.too-many", { max: maxElements }) };
  const issue = walkNumbers(value, shape, "", (v) =>
    rule.probability && (v < 0 || v > 1) ? text("error.array.probability", { got: v }) : null,
  );
  return issue ? { path: toPath(issue.pointer), message: issue.message } : null;
}

/**
 * The JSON Schema of a rank-r array: non-empty lists nested r deep around numbers. Two ranks
 * never match the same value, so a field of several ranks is an unambiguous `oneOf`.
 */
function shapeSchema(rank: number): object {
  return rank === 0 ? { type: "number" } : { type: "array", minItems: 1, items: shapeSchema(rank - 1) };
}

/** A zod schema for a numeric array field, documented in OpenAPI as vector/matrix. */
export function numericArray(rule: ArrayRule, description: string, example: Nested) {
  const shapes = rule.ranks.map(shapeSchema);
  // z.any() (rather than z.custom) so the OpenAPI generator accepts the override below.
  return z
    .any()
    .superRefine((v, ctx) => {
      if (v === undefined) {
        ctx.addIssue({ code: "custom", message: "required", params: { text: text("error.required") } });
        return;
      }
      const issue = checkArray(v, rule);
      if (issue)
        ctx.addIssue({
          code: "custom",
          message: render("en", issue.message),
          params: { text: issue.message },
          path: issue.path,
        });
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
