import { DEFAULT_LANG, type Lang, t } from "../i18n";
import { roundScore } from "./grade";
import type { GradedResult } from "./present";

/**
 * PrairieLearn's external grader results (https://prairielearn.readthedocs.io/en/latest/externalGrading/#grading-results):
 * `score` in [0, 1], `gradable`, a message, and tests with points and max_points. PrairieLearn
 * shows every test and the score to the student, so a result that is not released yet is
 * neither listed nor counted: the score is the released points over all points, and a regrade
 * in PrairieLearn after the release adds the rest.
 */
export interface PrairieLearnTest {
  name: string;
  description: string;
  points: number;
  max_points: number;
  message: string;
}

export interface PrairieLearnResults {
  gradable: true;
  score: number;
  message: string;
  tests: PrairieLearnTest[];
}

export function toPrairieLearn(
  results: GradedResult[],
  header: string,
  lang: Lang = DEFAULT_LANG,
): PrairieLearnResults {
  const shown = results.filter((r) => r.released);
  const max = results.reduce((s, r) => s + r.max_score, 0);
  const points = shown.reduce((s, r) => s + r.score, 0);
  const left = results.length - shown.length;
  return {
    gradable: true,
    score: max > 0 ? Math.min(1, Math.max(0, roundScore(points) / roundScore(max))) : 0,
    message: header + (left ? ` ${t(lang, "grade.withheld.count", { count: left })}` : ""),
    tests: shown.map((r) => ({
      name: `${r.id}: ${r.title}`,
      description: r.kind,
      points: r.score,
      max_points: r.max_score,
      message:
        r.feedback +
        (r.expected !== undefined ? ` ${t(lang, "gradescope.expected", { value: JSON.stringify(r.expected) })}` : ""),
    })),
  };
}

/** A submission PrairieLearn should not count: no points lost, no attempt used. */
export function prairieLearnNotGradable(errors: string[]): { gradable: false; format_errors: string[] } {
  return { gradable: false, format_errors: errors };
}
