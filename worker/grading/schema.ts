import { z } from "@hono/zod-openapi";
import { DLFS_CH04 } from "../../core/grading/dlfs-ch04";
import { KIND_NAMES } from "../../core/grading/kinds";
import type { Assignment } from "../../core/grading/types";
import { generateProblem } from "../../core/grading/variant";
import { text, textOf } from "../../core/i18n";
import { DATASET_NAME } from "../datasets/bucket";
import { didYouMean } from "../http/keys";
import { Problem } from "../http/problem";

export const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const STUDENT = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/;

const ProblemSpecSchema = z.object({
  id: z.string().regex(ID, "1-64 letters, digits, '.', '_' or '-'"),
  kind: z.enum(KIND_NAMES as [string, ...string[]]),
  title: z.string().max(200).optional(),
  points: z.number().min(0).max(1000),
  rtol: z.number().min(0).max(1).optional(),
  atol: z.number().min(0).optional(),
  partial: z.boolean().optional(),
  visibility: z.enum(["visible", "hidden", "after_due_date"]).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});

/** An assignment document (PUT /v1/assignments/{id}); the built-in dlfs-ch04 is the example. */
export const AssignmentSchema = z
  .object({
    id: z.string().regex(ID).optional().openapi({ description: "Must equal the id in the path when given" }),
    title: z.string().min(1).max(200),
    description: z.string().max(5000).optional(),
    due: z.iso
      .datetime({ offset: true })
      .nullable()
      .optional()
      .openapi({ description: "ISO 8601 due date; null for none" }),
    late: z
      .object({
        mode: z.enum(["accept", "penalty", "reject"]),
        penalty_per_day: z.number().min(0).max(1).optional(),
        until: z.iso.datetime({ offset: true }).nullable().optional().openapi({
          description: "The late due date: late work is graded under mode until then; the assignment closes at it",
        }),
      })
      .optional()
      .openapi({
        description:
          "After the due date: accept, multiply scores by 1 - penalty_per_day x days late, or reject (no attempt is used). The assignment " +
          "closes at late.until (else at the due date): after that expected values may be shown, so later submissions are recorded but never count.",
      }),
    policy: z
      .enum(["best", "latest"])
      .optional()
      .openapi({ description: "Which attempt the gradebook shows (default best)" }),
    submissions: z.enum(["open", "token"]).optional().openapi({
      description:
        "open (default): anyone naming a student may submit for them; token: only with that student's X-Student-Token (from the admin's tokens.csv) or the admin token",
    }),
    reveal_expected: z.enum(["never", "after_due_date", "always"]).optional().openapi({
      description:
        "When wrong answers to visible problems show the expected value (default after_due_date: never before the deadline, so it cannot be copied into the next attempt)",
    }),
    mode: z.enum(["answers", "code"]).optional().openapi({
      description:
        "answers (default): students submit answers to their own variant. code: the course's grader runs the student's own functions on a grader-only variant and submits with the grader token; answers sent by anyone else are refused",
    }),
    released: z
      .boolean()
      .optional()
      .openapi({ description: "Show the results of hidden problems to students (default false: withheld)" }),
    limits: z
      .object({
        min_interval_seconds: z.number().int().min(0).max(86_400),
        max_attempts: z.number().int().min(1).max(100_000),
      })
      .optional(),
    problems: z.array(ProblemSpecSchema).min(1).max(50),
  })
  .openapi("Assignment", { example: DLFS_CH04 });

/** Checks what zod cannot: unique problem ids and generator params (by generating once). */
/** The generator parameters each kind reads (core/grading/kinds); any other key is a mistake. */
export const KIND_PARAMS: Readonly<Record<string, readonly string[]>> = {
  mse: ["classes"],
  cross_entropy: ["classes", "batch", "target"],
  softmax: ["rows", "cols", "base", "spread"],
  numerical_diff: [],
  numerical_gradient: [],
  gradient_descent: ["answer", "step_num"],
  simple_net: ["answer"],
  model_accuracy: ["thresholds", "dataset"],
};

export function checkAssignment(a: Assignment): void {
  const seen = new Set<string>();
  a.problems.forEach((p, i) => {
    if (seen.has(p.id)) throw Problem.field(`/problems/${i}/id`, text("error.duplicate-problem", { id: p.id }));
    seen.add(p.id);
    const known = KIND_PARAMS[p.kind] ?? [];
    const unknown = Object.keys(p.params ?? {}).filter((k) => !known.includes(k));
    if (unknown.length) {
      throw new Problem(
        422,
        text("grading.unknown-params", {
          index: i,
          kind: p.kind,
          names: unknown.map((k) => `"${k}"`).join(", "),
          known: known.join(", ") || text("grading.none"),
        }),
        {
          errors: unknown.map((k) => {
            const near = didYouMean(k, known);
            return {
              pointer: `/problems/${i}/params/${k}`,
              message: near
                ? text("grading.did-you-mean", { name: k, kind: p.kind, near })
                : text("grading.unknown-param", { name: k, kind: p.kind }),
            };
          }),
        },
      );
    }
    const dataset = p.params?.dataset;
    if (dataset !== undefined && (typeof dataset !== "string" || !DATASET_NAME.test(dataset)))
      throw Problem.field(`/problems/${i}/params/dataset`, text("grading.dataset-name"));
    try {
      generateProblem(p, 1);
    } catch (err) {
      if (!(err instanceof RangeError || err instanceof TypeError)) throw err;
      throw Problem.field(`/problems/${i}/params`, textOf(err) ?? err.message);
    }
  });
}
