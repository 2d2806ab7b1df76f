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
    .prepare("INSERT INTO assignments (id, doc, updated_at) VALUES (?1, ?2, ?3) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at")
    .bind(a.id, JSON.stringify(a), new Date().toISOString())
    .run();
  return existed !== null;
}

export async function listAssignments(db: D1Database): Promise<{ id: string; title: string; problems: number; built_in: boolean }[]> {
  const { results } = await db.prepare("SELECT doc FROM assignments ORDER BY id").all<{ doc: string }>();
  const stored = results.flatMap((r) => {
    try {
      return [JSON.parse(r.doc) as Assignment];
    } catch {
      return [];
    }
  });
  return [...BUILT_IN.values(), ...stored].map((a) => ({ id: a.id, title: a.title, problems: a.problems.length, built_in: BUILT_IN.has(a.id) }));
}

export interface AttemptState {
  count: number;
  lastMs: number;
}

export async function attemptState(db: D1Database, assignment: string, student: string): Promise<AttemptState> {
  const row = await db
    .prepare("SELECT COUNT(*) AS c, COALESCE(MAX(created_ms), 0) AS last FROM submissions WHERE assignment = ?1 AND student = ?2")
    .bind(assignment, student)
    .first<{ c: number; last: number }>();
  return { count: row?.c ?? 0, lastMs: row?.last ?? 0 };
}

export interface NewSubmission {
  assignment: string;
  student: string;
  nowMs: number;
  score: number;
  maxScore: number;
  /** {problemId: {score, max_score, status, diagnosis?}} */
  problems: Record<string, unknown>;
}

/** Records a graded submission if the limits allow it: its attempt number, or null when refused. */
export async function recordSubmission(db: D1Database, s: NewSubmission, limits: Limits): Promise<number | null> {
  const sql =
    "INSERT INTO submissions (assignment, student, attempt, created_at, created_ms, score, max_score, problems) " +
    "SELECT ?1, ?2, s.n + 1, ?3, ?4, ?5, ?6, ?7 FROM " +
    "(SELECT COUNT(*) AS c, COALESCE(MAX(attempt), 0) AS n, COALESCE(MAX(created_ms), 0) AS last " +
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
          s.nowMs - limits.min_interval_seconds * 1000,
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

/** Every recorded attempt of an assignment, oldest first, for the gradebook. */
export async function attemptRows(db: D1Database, assignment: string): Promise<AttemptRow[]> {
  const { results } = await db
    .prepare("SELECT student, attempt, created_at, score, max_score, problems FROM submissions WHERE assignment = ?1 ORDER BY student, attempt")
    .bind(assignment)
    .all<{ student: string; attempt: number; created_at: string; score: number; max_score: number; problems: string }>();
  return results.map((r) => {
    let scores: Record<string, number> = {};
    try {
      const parsed = JSON.parse(r.problems) as Record<string, { score?: number }>;
      scores = Object.fromEntries(Object.entries(parsed).map(([id, p]) => [id, Number(p?.score ?? 0)]));
    } catch {
      scores = {};
    }
    return { student: r.student, attempt: r.attempt, created_at: r.created_at, score: r.score, max_score: r.max_score, scores };
  });
}
