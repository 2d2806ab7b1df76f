import { applyFactor, gradeAccuracy, gradeAnswer, type ProblemResult } from "../../core/grading/grade";
import { MODEL_ACCURACY } from "../../core/grading/kinds";
import { effectiveVisibility, lateness, mayRevealExpected, type Lateness } from "../../core/grading/policy";
import type { Assignment } from "../../core/grading/types";
import { generateProblem } from "../../core/grading/variant";
import { evaluate } from "../../core/nn/metrics";
import type { Env } from "../env";
import { Problem } from "../http/problem";
import { getDataset, PIXELS } from "../datasets/store";
import { requireSecret, variantSeeds } from "./seed";
import type { Submission } from "./submission";
import { DEFAULT_LANG, type Lang, text } from "../../core/i18n";

export type ShownResult = ProblemResult & { visibility: "visible" | "hidden" };

/**
 * Grades every problem of a submission against the student's own variant. Expected values are
 * attached only to wrong answers of problems visible now; hidden ones never carry them.
 */
export async function gradeSubmission(env: Env, a: Assignment, sub: Submission, now: number, lang: Lang = DEFAULT_LANG): Promise<{ results: ShownResult[]; late: Lateness }> {
  const seeds = await variantSeeds(requireSecret(env.GRADING_SECRET), a.id, sub.student, a.problems.map((p) => p.id));
  const results: ShownResult[] = [];
  for (const [i, spec] of a.problems.entries()) {
    const visibility = effectiveVisibility(spec, a, now);
    let r: ProblemResult;
    if (spec.kind === MODEL_ACCURACY) {
      const net = sub.networks.get(spec.id);
      let measured: { accuracy: number; count: number } | undefined;
      if (net) {
        const test = await getDataset(env.KV, "test");
        if (!test) {
          throw new Problem(503, text("error.held-out-missing"), {
            errors: [{ pointer: `/${spec.id}`, message: text("error.held-out-missing-field") }],
          });
        }
        const e = evaluate(net, { data: test.images, rows: test.meta.count, cols: PIXELS }, test.labels);
        measured = { accuracy: e.accuracy, count: e.count };
      }
      r = gradeAccuracy(spec, measured, lang);
    } else {
      const { inputs } = generateProblem(spec, seeds[i]);
      r = gradeAnswer(spec, inputs, sub.answers.get(spec.id), visibility === "visible" && mayRevealExpected(a, now), lang);
    }
    results.push({ ...r, visibility });
  }
  const late = lateness(a, now);
  return { results: applyFactor(results, late.factor) as ShownResult[], late };
}
