import { applyFactor, gradeAccuracy, gradeAnswer, type Measured, type ProblemResult } from "../../core/grading/grade";
import { MODEL_ACCURACY } from "../../core/grading/kinds";
import { type Deadline, isReleased, type Lateness, lateness, mayRevealExpected } from "../../core/grading/policy";
import type { GradedResult } from "../../core/grading/present";
import type { Assignment } from "../../core/grading/types";
import { generateProblem, type VariantKind } from "../../core/grading/variant";
import { DEFAULT_LANG, type Lang, text } from "../../core/i18n";
import type { NDArray } from "../../core/ndarray";
import { evaluate } from "../../core/nn/metrics";
import type { Network } from "../../core/nn/network";
import { DEFAULT_DATASET, getSplit, type LoadedSplit, PIXELS } from "../datasets/bucket";
import type { Env } from "../env";
import { Problem } from "../http/problem";
import { requireSecret, variantSeeds } from "./seed";

/** The dataset a model_accuracy problem is graded on: params.dataset, default mnist. */
export function problemDataset(params: Record<string, unknown> | undefined): string {
  const d = params?.dataset;
  return typeof d === "string" ? d : DEFAULT_DATASET;
}

/**
 * Measures each uploaded network on the private grading split of its problem's dataset (never
 * served by a public route, so a network cannot be fitted to it); a two-layer net is also read
 * with the other activation, so a sigmoid net uploaded as relu (or the reverse) gets a hint.
 */
export async function measureNetworks(
  env: Env,
  a: Assignment,
  networks: Map<string, Network>,
): Promise<Map<string, Measured>> {
  const out = new Map<string, Measured>();
  if (networks.size === 0) return out;
  const splits = new Map<string, LoadedSplit>();
  for (const spec of a.problems) {
    const net = networks.get(spec.id);
    if (!net) continue;
    const dataset = problemDataset(spec.params);
    let grading = splits.get(dataset);
    if (!grading) {
      const loaded = await getSplit(env.DATASETS, dataset, "grading");
      if (!loaded) {
        throw new Problem(503, text("error.held-out-missing", { dataset }), {
          errors: [{ pointer: `/${spec.id}`, message: text("error.held-out-missing-field", { dataset }) }],
        });
      }
      grading = loaded;
      splits.set(dataset, grading);
    }
    const x = { data: grading.images, rows: grading.meta.count, cols: PIXELS };
    const e = evaluate(net, x, grading.labels);
    const m: Measured = { accuracy: e.accuracy, count: e.count };
    if (net.arch === "two-layer") {
      const activation = net.activation ?? "sigmoid";
      const other = activation === "sigmoid" ? "relu" : "sigmoid";
      m.activation = activation;
      m.other = { activation: other, accuracy: evaluate({ ...net, activation: other }, x, grading.labels).accuracy };
    }
    out.set(spec.id, m);
  }
  return out;
}

export interface GradeContext {
  /** When the student submitted (the platform's time for the grader token), ms. */
  at: number;
  /** Now, ms: what is released or revealed is decided now. */
  now: number;
  deadline: Deadline;
  variant: VariantKind;
  lang?: Lang;
}

/**
 * Grades every problem against the student's variant (or the grader's variant of a code-graded
 * submission). Expected values are attached only to wrong answers of released visible problems
 * once the assignment has closed for the student; each result says whether it is released.
 */
export async function gradeSubmission(
  env: Env,
  a: Assignment,
  student: string,
  answers: Map<string, NDArray>,
  measured: Map<string, Measured>,
  ctx: GradeContext,
): Promise<{ results: GradedResult[]; late: Lateness }> {
  const seeds = await variantSeeds(
    requireSecret(env.GRADING_SECRET),
    a.id,
    student,
    a.problems.map((p) => p.id),
    ctx.variant,
  );
  const reveal = mayRevealExpected(a, ctx.now, ctx.deadline);
  const late = lateness(a, ctx.at, ctx.deadline);
  const results = a.problems.map((spec, i): GradedResult => {
    const released = isReleased(spec, a, ctx.now, ctx.deadline);
    let r: ProblemResult;
    const lang = ctx.lang ?? DEFAULT_LANG;
    if (spec.kind === MODEL_ACCURACY) r = gradeAccuracy(spec, measured.get(spec.id), lang);
    else
      r = gradeAnswer(
        spec,
        generateProblem(spec, seeds[i]).inputs,
        answers.get(spec.id),
        reveal && released && spec.visibility !== "hidden",
        lang,
      );
    return { ...r, visibility: spec.visibility ?? "visible", released };
  });
  return { results: applyFactor(results, late.factor) as GradedResult[], late };
}
