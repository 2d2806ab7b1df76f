/**
 * Instructor insight into an assignment, aggregated in D1 from the recorded submissions (each
 * row's `problems` JSON holds {score, max_score, status, diagnosis?} per problem id; SQLite's
 * json_each and window functions do the counting, so one query per view reads the table once).
 *
 * Definitions (also in the OpenAPI description):
 *   attempts      graded submissions that answered the problem (status other than "missing")
 *   students      distinct students who answered it
 *   first_try     of those students, how many were correct on the first submission answering it
 *   mistakes      per diagnosis: the students who made it at least once (share = of `students`)
 *                 and the attempts that carried it
 *   histogram     10 bins of score / max_score of each student's last answer ([0, 0.1), ...,
 *                 [0.9, 1]), so bin 9 holds full marks
 *   late          attempts submitted after the assignment's due date (none without one)
 */

import { localizeAssignment, problemTitle } from "../../core/grading/localize";
import type { Assignment } from "../../core/grading/types";
import type { Lang } from "../../core/i18n";
import { hasKey, render } from "../../core/i18n";

export const HISTOGRAM_BINS = 10;

export interface MistakeShare {
  id: string;
  /** The mistake in a few words, in the request's language (the id when the kind names none). */
  label: string;
  students: number;
  attempts: number;
  /** students / the problem's students, rounded to 4 decimals. */
  share: number;
}

export interface ProblemInsight {
  id: string;
  kind: string;
  title: string;
  max_score: number;
  attempts: number;
  students: number;
  first_try: { correct: number; rate: number };
  solved: { students: number; rate: number };
  late: number;
  mistakes: MistakeShare[];
  histogram: number[];
}

export interface StudentInsight {
  student: string;
  attempts: number;
  last_score: number;
  best_score: number;
  max_score: number;
  last_submitted_at: string;
  late: number;
}

export interface Insights {
  assignment: string;
  title: string;
  due: string | null;
  students: number;
  submissions: number;
  late: number;
  /** Last total score / max_score of each student, 10 bins as for problems. */
  histogram: number[];
  problems: ProblemInsight[];
  per_student: StudentInsight[];
}

const rate = (n: number, of: number): number => (of > 0 ? Math.round((n / of) * 1e4) / 1e4 : 0);

// One row per (submission, answered problem), numbered per student and problem both ways.
const ANSWERS = `
  WITH answers AS (
    SELECT s.student AS student, s.created_ms AS created_ms, p.key AS problem,
           json_extract(p.value, '$.status') AS status,
           json_extract(p.value, '$.diagnosis') AS diagnosis,
           json_extract(p.value, '$.score') AS score,
           json_extract(p.value, '$.max_score') AS max_score,
           ROW_NUMBER() OVER (PARTITION BY s.student, p.key ORDER BY s.attempt) AS nth,
           ROW_NUMBER() OVER (PARTITION BY s.student, p.key ORDER BY s.attempt DESC) AS nth_last
    FROM submissions AS s, json_each(s.problems) AS p
    WHERE s.assignment = ?1 AND json_valid(s.problems) AND json_extract(p.value, '$.status') IS NOT 'missing'
  )`;

const BIN = `MIN(${HISTOGRAM_BINS - 1}, MAX(0, CAST(${HISTOGRAM_BINS}.0 * score / max_score + 1e-9 AS INTEGER)))`;

const PROBLEMS_SQL = `${ANSWERS}
  SELECT problem, COUNT(*) AS attempts, COUNT(DISTINCT student) AS students,
         SUM(nth = 1 AND status = 'correct') AS first_correct,
         COUNT(DISTINCT CASE WHEN status = 'correct' THEN student END) AS solved,
         SUM(created_ms > ?2) AS late
  FROM answers GROUP BY problem`;

const MISTAKES_SQL = `${ANSWERS}
  SELECT problem, diagnosis, COUNT(DISTINCT student) AS students, COUNT(*) AS attempts
  FROM answers WHERE diagnosis IS NOT NULL GROUP BY problem, diagnosis`;

const HISTOGRAM_SQL = `${ANSWERS}
  SELECT problem, ${BIN} AS bin, COUNT(*) AS n
  FROM answers WHERE nth_last = 1 AND max_score > 0 GROUP BY problem, bin`;

const STUDENTS_SQL = `
  WITH ranked AS (
    SELECT student, score, max_score, created_at,
           COUNT(*) OVER w AS attempts, MAX(score) OVER w AS best, SUM(created_ms > ?2) OVER w AS late,
           ROW_NUMBER() OVER (PARTITION BY student ORDER BY attempt DESC) AS nth_last
    FROM submissions WHERE assignment = ?1
    WINDOW w AS (PARTITION BY student)
  )
  SELECT student, attempts, score, best, max_score, created_at, late FROM ranked WHERE nth_last = 1 ORDER BY student LIMIT ?3`;

/** Students listed one by one at most (the counts above cover every student). */
export const MAX_STUDENTS_LISTED = 5000;

export async function assignmentInsights(db: D1Database, a: Assignment, lang: Lang): Promise<Insights> {
  const dueMs = a.due ? Date.parse(a.due) : NaN;
  // created_ms > this is late; with no due date nothing is.
  const lateAfter = Number.isFinite(dueMs) ? dueMs : Number.MAX_SAFE_INTEGER;
  const [problems, mistakes, bins, students] = await db.batch([
    db.prepare(PROBLEMS_SQL).bind(a.id, lateAfter),
    db.prepare(MISTAKES_SQL).bind(a.id),
    db.prepare(HISTOGRAM_SQL).bind(a.id),
    db.prepare(STUDENTS_SQL).bind(a.id, lateAfter, MAX_STUDENTS_LISTED),
  ]);
  type P = { problem: string; attempts: number; students: number; first_correct: number; solved: number; late: number };
  type M = { problem: string; diagnosis: string; students: number; attempts: number };
  type H = { problem: string; bin: number; n: number };
  type S = {
    student: string;
    attempts: number;
    score: number;
    best: number;
    max_score: number;
    created_at: string;
    late: number;
  };
  const perProblem = new Map((problems.results as P[]).map((r) => [r.problem, r]));
  const studentRows = students.results as S[];

  const out: ProblemInsight[] = a.problems.map((spec) => {
    const p = perProblem.get(spec.id);
    const n = p?.students ?? 0;
    const histogram = new Array<number>(HISTOGRAM_BINS).fill(0);
    for (const h of bins.results as H[]) if (h.problem === spec.id) histogram[h.bin] = h.n;
    const shares = (mistakes.results as M[])
      .filter((m) => m.problem === spec.id)
      .map((m) => {
        const key = `label.${spec.kind}.${m.diagnosis}`;
        return {
          id: m.diagnosis,
          label: hasKey(key) ? render(lang, { key }) : m.diagnosis,
          students: m.students,
          attempts: m.attempts,
          share: rate(m.students, n),
        };
      })
      .sort((x, y) => y.students - x.students || y.attempts - x.attempts || (x.id < y.id ? -1 : 1));
    return {
      id: spec.id,
      kind: spec.kind,
      title: problemTitle(a, spec, lang),
      max_score: spec.points,
      attempts: p?.attempts ?? 0,
      students: n,
      first_try: { correct: p?.first_correct ?? 0, rate: rate(p?.first_correct ?? 0, n) },
      solved: { students: p?.solved ?? 0, rate: rate(p?.solved ?? 0, n) },
      late: p?.late ?? 0,
      mistakes: shares,
      histogram,
    };
  });

  const histogram = new Array<number>(HISTOGRAM_BINS).fill(0);
  for (const s of studentRows) {
    if (s.max_score > 0)
      histogram[
        Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor((HISTOGRAM_BINS * s.score) / s.max_score + 1e-9)))
      ]++;
  }
  const totals = await db
    .prepare(
      "SELECT COUNT(*) AS submissions, COUNT(DISTINCT student) AS students, COALESCE(SUM(created_ms > ?2), 0) AS late FROM submissions WHERE assignment = ?1",
    )
    .bind(a.id, lateAfter)
    .first<{ submissions: number; students: number; late: number }>();
  return {
    assignment: a.id,
    title: localizeAssignment(a, lang).title,
    due: a.due ?? null,
    students: totals?.students ?? 0,
    submissions: totals?.submissions ?? 0,
    late: totals?.late ?? 0,
    histogram,
    problems: out,
    per_student: studentRows.map((s) => ({
      student: s.student,
      attempts: s.attempts,
      last_score: s.score,
      best_score: s.best,
      max_score: s.max_score,
      last_submitted_at: s.created_at,
      late: s.late,
    })),
  };
}
