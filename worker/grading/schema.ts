import { z } from "@hono/zod-openapi";
import { DLFS_CH04 } from "../../core/grading/dlfs-ch04";
import type { Assignment } from "../../core/grading/types";
import { generateProblem } from "../../core/grading/variant";
import { text, textOf } from "../../core/i18n";
import { DATASET_NAME } from "../datasets/bucket";
import { didYouMean, keysNotIn, unknownKeys } from "../http/keys";
import { Problem } from "../http/problem";

export const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const STUDENT = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/;

const int = (lo: number, hi: number, description: string) =>
  z.number().int().min(lo).max(hi).optional().openapi({ description });
const num = (lo: number, hi: number, description: string) =>
  z.number().min(lo).max(hi).optional().openapi({ description });

/**
 * The generator parameters of each kind, with the bounds core/grading/kinds enforces (the
 * defaults live there); every one is optional. A kind without parameters takes `{}`.
 */
const KIND_PARAM_SHAPES = {
  mse: { classes: int(2, 100, "Length of y and t (default 10).") },
  cross_entropy: {
    classes: int(2, 100, "Classes per row (default 10)."),
    batch: int(0, 100, "0 (default): one vector y; n: a batch of n rows, the loss averaged over it."),
    target: z
      .enum(["one-hot", "labels"])
      .optional()
      .openapi({ description: "t as one-hot rows (default) or as labels (needs batch >= 1)." }),
  },
  softmax: {
    rows: int(1, 50, "Rows of x (default 2)."),
    cols: int(2, 50, "Columns of x (default 4)."),
    base: num(-1e6, 1e6, "Centre of the values of x (default 1000: np.exp overflows without the max subtracted)."),
    spread: num(0, 1000, "Values of x lie within base +- spread (default 5)."),
  },
  numerical_diff: {},
  numerical_gradient: {},
  gradient_descent: {
    answer: z
      .enum(["x", "history"])
      .optional()
      .openapi({ description: "The final x (default) or np.array(x_history), the x before each step." }),
    step_num: int(1, 1000, "step_num of the descent (default: 10 to 20, drawn per student)."),
  },
  simple_net: {
    answer: z
      .enum(["loss", "dW"])
      .optional()
      .openapi({ description: "net.loss(x, t) (default) or dW = numerical_gradient(f, net.W)." }),
  },
  model_accuracy: {
    thresholds: z
      .array(z.object({ accuracy: z.number().min(0).max(1), credit: z.number().min(0).max(1) }))
      .min(1)
      .max(20)
      .optional()
      .openapi({
        description:
          "Credit (a fraction of the points) for reaching each accuracy on the held-out digits; default 0.9 -> 1, 0.85 -> 0.75, 0.8 -> 0.5.",
      }),
    dataset: z
      .string()
      .regex(DATASET_NAME) // checkParams says it in the reader's language first
      .optional()
      .openapi({ description: "The stored dataset whose private grading split grades the upload (default mnist)." }),
  },
} as const;

/** The generator parameters each kind reads (core/grading/kinds); any other key is a mistake. */
export const KIND_PARAMS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(KIND_PARAM_SHAPES).map(([kind, shape]) => [kind, Object.keys(shape)]),
);

const problemFields = {
  id: z.string().regex(ID, "1-64 letters, digits, '.', '_' or '-'"),
  title: z.string().max(200).optional(),
  points: z.number().min(0).max(1000),
  rtol: z.number().min(0).max(1).optional(),
  atol: z.number().min(0).optional(),
  partial: z.boolean().optional(),
  visibility: z.enum(["visible", "hidden", "after_due_date"]).optional(),
};

/** One problem of a kind: the common fields and that kind's own `params`. */
function problemOf<K extends keyof typeof KIND_PARAM_SHAPES>(kind: K) {
  return z
    .strictObject({
      ...problemFields,
      kind: z.literal(kind),
      params: z
        .strictObject(KIND_PARAM_SHAPES[kind])
        .optional()
        .openapi({ description: `Generator parameters of ${kind}.` }),
    })
    .openapi(`Problem_${kind}`);
}

/** A problem, discriminated on `kind`: OpenAPI documents each kind's parameters. */
const ProblemSpecSchema = z.discriminatedUnion("kind", [
  problemOf("mse"),
  problemOf("cross_entropy"),
  problemOf("softmax"),
  problemOf("numerical_diff"),
  problemOf("numerical_gradient"),
  problemOf("gradient_descent"),
  problemOf("simple_net"),
  problemOf("model_accuracy"),
]);

const LateSchema = z.strictObject({
  mode: z.enum(["accept", "penalty", "reject"]),
  penalty_per_day: z.number().min(0).max(1).optional(),
  until: z.iso.datetime({ offset: true }).nullable().optional().openapi({
    description: "The late due date: late work is graded under mode until then; the assignment closes at it",
  }),
});

const LimitsSchema = z.strictObject({
  min_interval_seconds: z.number().int().min(0).max(86_400),
  max_attempts: z.number().int().min(1).max(100_000),
});

/** An assignment document (PUT /v1/assignments/{id}); the built-in dlfs-ch04 is the example. */
export const AssignmentSchema = z
  .strictObject({
    id: z.string().regex(ID).optional().openapi({ description: "Must equal the id in the path when given" }),
    title: z.string().min(1).max(200),
    description: z.string().max(5000).optional(),
    due: z.iso
      .datetime({ offset: true })
      .nullable()
      .optional()
      .openapi({ description: "ISO 8601 due date; null for none" }),
    late: LateSchema.optional().openapi({
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
    limits: LimitsSchema.optional(),
    problems: z.array(ProblemSpecSchema).min(1).max(50),
  })
  .openapi("Assignment", { example: DLFS_CH04 });

/** An assignment document as the schema reads it (each problem's params typed by its kind). */
export type AssignmentDocument = z.infer<typeof AssignmentSchema>;

const DOCUMENT_KEYS = Object.keys(AssignmentSchema.shape);
const PROBLEM_KEYS = [...Object.keys(problemFields), "kind", "params"];

/**
 * Unknown keys of the document, of `late` and `limits`, and of each problem (`visiblity`,
 * `poinst`), checked on the raw body before zod, whose strict objects would only say
 * "unrecognized keys": one 422 naming every key by pointer, each with a did-you-mean (the detail
 * speaks of the first object that has some). Then the generator parameters (checkParams).
 */
export function checkDocument(body: Record<string, unknown>): void {
  const found: Problem[] = [];
  const look = (object: unknown, known: readonly string[], at: string) => {
    if (typeof object !== "object" || object === null || Array.isArray(object)) return; // zod names the type
    const unknown = keysNotIn(object, known);
    if (unknown.length) found.push(unknownKeys(unknown, { known }, at));
  };
  look(body, DOCUMENT_KEYS, "");
  look(body.late, Object.keys(LateSchema.shape), "/late");
  look(body.limits, Object.keys(LimitsSchema.shape), "/limits");
  if (Array.isArray(body.problems)) body.problems.forEach((p: unknown, i) => look(p, PROBLEM_KEYS, `/problems/${i}`));
  if (found.length) {
    const [first] = found;
    throw new Problem(422, first.detail, { prefix: first.prefix, errors: found.flatMap((p) => p.errors) });
  }
  checkParams(body);
}

/**
 * Unknown generator parameters, checked on the raw body before zod (whose strict params objects
 * would only say "unrecognized keys"): a 422 naming each, with a did-you-mean.
 */
function checkParams(body: Record<string, unknown>): void {
  const problems = Array.isArray(body.problems) ? body.problems : [];
  problems.forEach((p: unknown, i) => {
    if (typeof p !== "object" || p === null) return;
    const { kind, params } = p as { kind?: unknown; params?: unknown };
    if (typeof kind !== "string" || !Object.hasOwn(KIND_PARAMS, kind)) return; // zod names the kind
    if (typeof params !== "object" || params === null || Array.isArray(params)) return;
    const known = KIND_PARAMS[kind];
    const unknown = Object.keys(params).filter((k) => !known.includes(k));
    if (unknown.length) {
      throw new Problem(
        422,
        text("grading.unknown-params", {
          index: i,
          kind,
          names: unknown.map((k) => `"${k}"`).join(", "),
          known: known.join(", ") || text("grading.none"),
        }),
        {
          errors: unknown.map((k) => {
            const near = didYouMean(k, known);
            return {
              pointer: `/problems/${i}/params/${k}`,
              message: near
                ? text("grading.did-you-mean", { name: k, kind, near })
                : text("grading.unknown-param", { name: k, kind }),
            };
          }),
        },
      );
    }
    const dataset = (params as Record<string, unknown>).dataset;
    if (
      kind === "model_accuracy" &&
      dataset !== undefined &&
      (typeof dataset !== "string" || !DATASET_NAME.test(dataset))
    )
      throw Problem.field(`/problems/${i}/params/dataset`, text("grading.dataset-name"));
  });
}

/** Checks what zod cannot: unique problem ids and generator params (by generating once). */
export function checkAssignment(a: Assignment): void {
  const seen = new Set<string>();
  a.problems.forEach((p, i) => {
    if (seen.has(p.id)) throw Problem.field(`/problems/${i}/id`, text("error.duplicate-problem", { id: p.id }));
    seen.add(p.id);
    try {
      generateProblem(p, 1);
    } catch (err) {
      if (!(err instanceof RangeError || err instanceof TypeError)) throw err;
      throw Problem.field(`/problems/${i}/params`, textOf(err) ?? err.message);
    }
  });
}
