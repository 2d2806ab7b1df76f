import { DEFAULT_LANG, type Lang, t } from "../i18n";
import type { ProblemResult } from "./grade";
import { roundScore } from "./grade";
import type { Visibility } from "./types";

/**
 * Gradescope's autograder results.json (https://gradescope-autograders.readthedocs.io/en/latest/specs/):
 * top-level score, output and tests[] of {name, score, max_score, status, output, visibility}.
 * The top-level score is the sum of the tests' scores, so the two always add up.
 */
export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: "passed" | "failed";
  output: string;
  visibility: "visible" | "hidden" | "after_due_date";
}

export interface GradescopeResults {
  score: number;
  output: string;
  visibility: "visible";
  stdout_visibility: "hidden";
  tests: GradescopeTest[];
}

export function toGradescope(results: (ProblemResult & { visibility: Visibility })[], header: string, lang: Lang = DEFAULT_LANG): GradescopeResults {
  const tests = results.map((r, i) => ({
    name: `${r.id}: ${r.title}`,
    number: String(i + 1),
    score: r.score,
    max_score: r.max_score,
    status: (r.score >= r.max_score ? "passed" : "failed") as "passed" | "failed",
    output: r.feedback + (r.expected !== undefined ? ` ${t(lang, "gradescope.expected", { value: JSON.stringify(r.expected) })}` : ""),
    visibility: r.visibility,
  }));
  return {
    score: roundScore(tests.reduce((a, t) => a + t.score, 0)),
    output: header,
    visibility: "visible",
    stdout_visibility: "hidden",
    tests,
  };
}
