/**
 * The grade store in D1 (migrations/): assignments added by admins, and one row per graded
 * submission. The next attempt number and the limits are decided inside one INSERT ... SELECT,
 * which D1 runs atomically, so concurrent submissions of one student can neither share an
 * attempt number (UNIQUE (assignment, student, attempt) is the backstop) nor slip past the
 * minimum interval or the attempt cap.
 */
import { DLFS_CH04 } from "../../core/grading/dlfs-ch04";
import type { AttemptRow } from "../../core/grading/gradebook";
import type { Assignment, Limits } from "../../core/grading/types";
import { corrupt } from "../storage/errors";

export const BUILT_IN: ReadonlyMap<string, Assignment> = new Map([[DLFS_CH04.id, DLFS_CH04]]);
/** Limits of an assignment that states none: the README's one graded submission per 10 s, 100 attempts. */
export const DEFAULT_LIMITS: Limits = { min_interval_seconds: 10, max_attempts: 100 };

export async function getAssignment(db: D1Database, id: string): Promise<Assignment | null> {
  const builtIn = BUILT_IN.get(id);
  if (builtIn) return builtIn;
  const row = await db.prepare("SELECT doc FROM assignments WHERE id = ?1").bind(id).first<{ doc: string }>();
  if (!row) return null;
  try {
    return JSON.parse(row.doc) as Assignment;
  } catch {
    throw corrupt(`assignment ${id}`, "its document is not JSON");
  }
}

/** Stores an assignment; true when it replaced an existing one. */
export async function putAssignment(db: D1Database, a: Assignment): Promise<boolean> {
  const existed = await db.prepare("SELECT 1 AS one FROM assignments WHERE id = ?1").bind(a.id).first();
  await db
    .prepare(
      "INSERT INTO assignments (id, doc, updated_at) VALUES (?1, ?2, ?3) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at",
    )
    .bind(a.id, JSON.stringify(a), new Date().toISOString())
    .run();
  return existed !== null;
}

export async function listAssignments(
  db: D1Database,
): Promise<{ id: string; title: string; problems: number; built_in: boolean }[]> {
  const { results } = await db.prepare("SELECT doc FROM assignments ORDER BY id").all<{ doc: string }>();
  const stored = results.flatMap((r) => {
    try {
      return [JSON.parse(r.doc) as Assignment];
    } catch {
      return [];
    }
  });
  return [...BUILT_IN.values(), ...stored].map((a) => ({
    id: a.id,
    title: a.title,
    problems: a.problems.length,
    built_in: BUILT_IN.has(a.id),
  }));
}

/** Deletes an assignment with its recorded submissions and extensions; false when there was none. */
export async function deleteAssignment(db: D1Database, id: string): Promise<boolean> {
  const [gone] = await db.batch([
    db.prepare("DELETE FROM assignments WHERE id = ?1").bind(id),
    db.prepare("DELETE FROM submissions WHERE assignment = ?1").bind(id),
    db.prepare("DELETE FROM extensions WHERE assignment = ?1").bind(id),
  ]);
  return (gone.meta.changes ?? 0) > 0;
}

export interface AttemptState {
  count: number;
  lastMs: number;
}

/** Attempts that count toward the limit (an instructor's reset voids the earlier ones). */
export async function attemptState(db: D1Database, assignment: string, student: string): Promise<AttemptState> {
  const row = await db
    .prepare(
      "SELECT COUNT(*) AS c, COALESCE(MAX(created_ms), 0) AS last FROM submissions WHERE assignment = ?1 AND student = ?2 AND voided = 0",
    )
    .bind(assignment, student)
    .first<{ c: number; last: number }>();
  return { count: row?.c ?? 0, lastMs: row?.last ?? 0 };
}

/** What is stored of one graded problem (enough for the history, the gradebook and a regrade). */
export interface StoredProblem {
  score: number;
  max_score: number;
  status: string;
  diagnosis?: string;
  /** model_accuracy: the measurement, so a regrade under new thresholds needs no upload. */
  measured?: { accuracy: number; count: number; activation?: string; other?: { activation: string; accuracy: number } };
}

export interface Graded {
  score: number;
  maxScore: number;
  problems: Record<string, StoredProblem>;
  lateDays: number;
  lateFactor: number;
  counts: boolean;
}

export interface NewSubmission extends Graded {
  assignment: string;
  student: string;
  /** When it was submitted (the platform's time for the grader), ms. */
  nowMs: number;
  /** The answers as JSON ({problem id: nested list}), for a regrade. */
  answers: string;
  variant: "student" | "grader";
  externalId: string | null;
}

/**
 * Records a graded submission if the limits allow it: its attempt number, or null when refused.
 * `checkInterval` false skips the minimum interval (the platform's grader sends the students'
 * own submission times, which it rate-limits itself).
 */
export async function recordSubmission(
  db: D1Database,
  s: NewSubmission,
  limits: Limits,
  checkInterval = true,
): Promise<number | null> {
  const sql =
    "INSERT INTO submissions (assignment, student, attempt, created_at, created_ms, score, max_score, problems, answers, variant, external_id, late_days, late_factor, counts) " +
    "SELECT ?1, ?2, s.n + 1, ?3, ?4, ?5, ?6, ?7, ?10, ?11, ?12, ?13, ?14, ?15 FROM " +
    "(SELECT COUNT(*) FILTER (WHERE voided = 0) AS c, COALESCE(MAX(attempt), 0) AS n, COALESCE(MAX(created_ms) FILTER (WHERE voided = 0), 0) AS last " +
    " FROM submissions WHERE assignment = ?1 AND student = ?2) AS s " +
    "WHERE s.c < ?8 AND s.last <= ?9 RETURNING attempt";
  for (let tries = 0; ; tries++) {
    try {
      const row = await db
        .prepare(sql)
        .bind(
          s.assignment,
          s.student,
          new Date(s.nowMs).toISOString(),
          s.nowMs,
          s.score,
          s.maxScore,
          JSON.stringify(s.problems),
          limits.max_attempts,
          checkInterval ? s.nowMs - limits.min_interval_seconds * 1000 : Number.MAX_SAFE_INTEGER,
          s.answers,
          s.variant,
          s.externalId,
          s.lateDays,
          s.lateFactor,
          s.counts ? 1 : 0,
        )
        .first<{ attempt: number }>();
      return row ? row.attempt : null;
    } catch (err) {
      // Two writers computed the same attempt number: the UNIQUE constraint refused one; retry it.
      if (tries < 3 && /UNIQUE constraint failed/i.test(String((err as Error)?.message))) continue;
      throw err;
    }
  }
}

export interface StoredSubmission {
  id: number;
  student: string;
  attempt: number;
  created_at: string;
  created_ms: number;
  score: number;
  max_score: number;
  problems: Record<string, StoredProblem>;
  /** null for submissions recorded before answers were kept (they cannot be regraded). */
  answers: string | null;
  variant: "student" | "grader";
  external_id: string | null;
  late_days: number;
  late_factor: number;
  counts: boolean;
  voided: boolean;
}

type Row = Omit<StoredSubmission, "problems" | "counts" | "voided"> & {
  problems: string;
  counts: number;
  voided: number;
};

const COLUMNS =
  "id, student, attempt, created_at, created_ms, score, max_score, problems, answers, variant, external_id, late_days, late_factor, counts, voided";

function parseRow(r: Row): StoredSubmission {
  let problems: Record<string, StoredProblem> = {};
  try {
    problems = JSON.parse(r.problems) as Record<string, StoredProblem>;
  } catch {
    problems = {};
  }
  return { ...r, problems, counts: r.counts === 1, voided: r.voided === 1 };
}

/** The attempt recorded under a platform's submission id, if any. */
export async function findByExternalId(
  db: D1Database,
  assignment: string,
  student: string,
  externalId: string,
): Promise<StoredSubmission | null> {
  const row = await db
    .prepare(`SELECT ${COLUMNS} FROM submissions WHERE assignment = ?1 AND student = ?2 AND external_id = ?3`)
    .bind(assignment, student, externalId)
    .first<Row>();
  return row ? parseRow(row) : null;
}

/** Replaces the grading of a recorded attempt (a regrade): attempt number and time stay. */
export async function updateGraded(db: D1Database, id: number, g: Graded, answers?: string): Promise<void> {
  await db
    .prepare(
      "UPDATE submissions SET score = ?2, max_score = ?3, problems = ?4, late_days = ?5, late_factor = ?6, counts = ?7, answers = COALESCE(?8, answers) WHERE id = ?1",
    )
    .bind(
      id,
      g.score,
      g.maxScore,
      JSON.stringify(g.problems),
      g.lateDays,
      g.lateFactor,
      g.counts ? 1 : 0,
      answers ?? null,
    )
    .run();
}

/** A student's attempts, oldest first (voided ones included, marked). */
export async function studentHistory(db: D1Database, assignment: string, student: string): Promise<StoredSubmission[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM submissions WHERE assignment = ?1 AND student = ?2 ORDER BY attempt`)
    .bind(assignment, student)
    .all<Row>();
  return results.map(parseRow);
}

/** Up to `limit` recorded attempts with id > after (for a regrade in pages), optionally one student's. */
export async function storedSubmissions(
  db: D1Database,
  assignment: string,
  student: string | null,
  after: number,
  limit: number,
): Promise<StoredSubmission[]> {
  const { results } = await db
    .prepare(
      `SELECT ${COLUMNS} FROM submissions WHERE assignment = ?1 AND (?2 IS NULL OR student = ?2) AND id > ?3 ORDER BY id LIMIT ?4`,
    )
    .bind(assignment, student, after, limit)
    .all<Row>();
  return results.map(parseRow);
}

/** Voids a student's attempts so far (they stay in the history): the attempt limit starts again. */
export async function resetAttempts(db: D1Database, assignment: string, student: string): Promise<number> {
  const r = await db
    .prepare("UPDATE submissions SET voided = 1 WHERE assignment = ?1 AND student = ?2 AND voided = 0")
    .bind(assignment, student)
    .run();
  return r.meta.changes ?? 0;
}

/** Every counted-or-not attempt of an assignment that is not voided, oldest first, for the gradebook. */
export async function attemptRows(db: D1Database, assignment: string): Promise<AttemptRow[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM submissions WHERE assignment = ?1 AND voided = 0 ORDER BY student, attempt`)
    .bind(assignment)
    .all<Row>();
  return results.map((row) => {
    const r = parseRow(row);
    const scores = Object.fromEntries(Object.entries(r.problems).map(([id, p]) => [id, Number(p?.score ?? 0)]));
    return {
      student: r.student,
      attempt: r.attempt,
      created_at: r.created_at,
      score: r.score,
      max_score: r.max_score,
      scores,
      late_days: r.late_days,
      late_factor: r.late_factor,
      counts: r.counts,
    };
  });
}

/** Per-student due dates (ISO 8601). */
export async function getExtension(db: D1Database, assignment: string, student: string): Promise<string | null> {
  const row = await db
    .prepare("SELECT due FROM extensions WHERE assignment = ?1 AND student = ?2")
    .bind(assignment, student)
    .first<{ due: string }>();
  return row?.due ?? null;
}

export async function putExtension(db: D1Database, assignment: string, student: string, due: string): Promise<void> {
  await db
    .prepare(
      "INSERT INTO extensions (assignment, student, due) VALUES (?1, ?2, ?3) ON CONFLICT (assignment, student) DO UPDATE SET due = excluded.due",
    )
    .bind(assignment, student, due)
    .run();
}

export async function deleteExtension(db: D1Database, assignment: string, student: string): Promise<boolean> {
  const r = await db
    .prepare("DELETE FROM extensions WHERE assignment = ?1 AND student = ?2")
    .bind(assignment, student)
    .run();
  return (r.meta.changes ?? 0) > 0;
}

export async function listExtensions(db: D1Database, assignment: string): Promise<{ student: string; due: string }[]> {
  const { results } = await db
    .prepare("SELECT student, due FROM extensions WHERE assignment = ?1 ORDER BY student")
    .bind(assignment)
    .all<{ student: string; due: string }>();
  return results;
}
