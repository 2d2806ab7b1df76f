import { DEFAULT_LANG, type Lang, t } from "../i18n";
import { roundScore } from "./grade";
import { MODEL_ACCURACY } from "./kinds";
import type { GradedResult } from "./present";
import type { Visibility } from "./types";

/**
 * Gradescope's autograder results.json (https://gradescope-autograders.readthedocs.io/en/latest/specs/).
 * Each problem is a test carrying its own visibility (visible, hidden, after_due_date: the same
 * words mean the same thing on both sides), its diagnosis id in `tags`, and per-test text output.
 * Gradescope hides the total from students when a test is hidden; the top-level visibility says
 * so explicitly (after_published when a hidden test carries points, after_due_date when only
 * after_due_date tests do), and visible tests stay visible. A model problem's accuracy goes to
 * the leaderboard. The top-level output is Markdown.
 */
export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: "passed" | "failed";
  output: string;
  tags: string[];
  visibility: Visibility;
}

export interface GradescopeResults {
  score: number;
  output: string;
  output_format: "md";
  test_output_format: "text";
  visibility: "visible" | "after_due_date" | "after_published";
  stdout_visibility: "hidden";
  tests: GradescopeTest[];
  leaderboard?: { name: string; value: number; order?: "asc" | "desc" }[];
}

/**
 * `full`: the caller is the course's grader or an admin, so every result is included and
 * Gradescope enforces visibility; otherwise (a student asking directly) withheld results are
 * left out and counted in the output.
 */
export function toGradescope(
  results: GradedResult[],
  header: string,
  full: boolean,
  lang: Lang = DEFAULT_LANG,
): GradescopeResults {
  const numbered = results.map((r, i) => ({ r, number: String(i + 1) }));
  const shown = numbered.filter(({ r }) => full || r.released);
  const tests: GradescopeTest[] = shown.map(({ r, number }) => ({
    name: `${r.id}: ${r.title}`,
    number,
    score: r.score,
    max_score: r.max_score,
    status: r.score >= r.max_score ? "passed" : "failed",
    output:
      r.feedback +
      (r.expected !== undefined ? ` ${t(lang, "gradescope.expected", { value: JSON.stringify(r.expected) })}` : ""),
    tags: r.diagnosis ? [r.diagnosis.id] : [],
    visibility: r.visibility,
  }));
  const restricted = tests.filter((x) => x.visibility !== "visible" && x.max_score > 0);
  const visibility = restricted.some((x) => x.visibility === "hidden")
    ? "after_published"
    : restricted.length
      ? "after_due_date"
      : "visible";
  const models = shown.filter(
    ({ r }) => r.kind === MODEL_ACCURACY && r.accuracy !== undefined && r.visibility === "visible",
  );
  const leaderboard = models.map(({ r }) => ({
    name: models.length === 1 ? "Accuracy" : `Accuracy (${r.id})`,
    value: r.accuracy as number,
    order: "desc" as const,
  }));
  const left = results.length - shown.length;
  const note = left ? `\n\n${t(lang, "grade.withheld.count", { count: left })}` : "";
  return {
    score: roundScore(tests.reduce((a, x) => a + x.score, 0)),
    output: header + note,
    output_format: "md",
    test_output_format: "text",
    visibility,
    stdout_visibility: "hidden",
    tests,
    ...(leaderboard.length ? { leaderboard } : {}),
  };
}
