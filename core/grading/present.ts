import { DEFAULT_LANG, type Lang, t } from "../i18n";
import { type ProblemResult, roundScore } from "./grade";
import type { Visibility } from "./types";

/** A graded problem with its visibility and whether its result may be shown to the student now. */
export type GradedResult = ProblemResult & { visibility: Visibility; released: boolean };

/** What a student sees of a problem whose result is withheld: that it exists and what it is worth. */
export interface WithheldResult {
  id: string;
  kind: string;
  title: string;
  max_score: number;
  visibility: Visibility;
  status: "withheld";
  feedback: string;
}

export type ShownResult = (ProblemResult & { visibility: Visibility }) | WithheldResult;

export function withheldFeedback(v: Visibility, lang: Lang = DEFAULT_LANG): string {
  return t(lang, v === "after_due_date" ? "grade.withheld.after-due-date" : "grade.withheld.hidden");
}

/**
 * A submission as its reader may see it. Instructors (admin or grader token) see every result.
 * Students see released results in full; of a withheld one only its id, title, points and
 * visibility: no score, status, diagnosis, element counts or position of a wrong element.
 * Totals count released results only, so a withheld score cannot be read off the total.
 */
export function present(results: GradedResult[], full: boolean, lang: Lang = DEFAULT_LANG) {
  const problems: ShownResult[] = results.map(({ released, ...r }) =>
    full || released
      ? r
      : {
          id: r.id,
          kind: r.kind,
          title: r.title,
          max_score: r.max_score,
          visibility: r.visibility,
          status: "withheld" as const,
          feedback: withheldFeedback(r.visibility, lang),
        },
  );
  const hidden = results.filter((r) => !full && !r.released);
  return {
    score: roundScore(results.reduce((s, r) => s + (full || r.released ? r.score : 0), 0)),
    max_score: roundScore(results.reduce((s, r) => s + r.max_score, 0)),
    ...(hidden.length
      ? { withheld: { problems: hidden.length, max_score: roundScore(hidden.reduce((s, r) => s + r.max_score, 0)) } }
      : {}),
    problems,
  };
}
