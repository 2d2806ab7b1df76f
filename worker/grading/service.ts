/**
 * The grading flows behind the routes: grade and record a submission (or re-grade the attempt a
 * platform submission id names), re-grade stored submissions under a changed assignment, and a
 * student's own history. Who may see what is decided here: instructors (admin, grader token)
 * see every result; students see released results only.
 */
import { parseAnswer } from "../../core/grading/answer";
import { type Measured, type ProblemResult, total } from "../../core/grading/grade";
import { toGradescope } from "../../core/grading/gradescope";
import { localizeAssignment } from "../../core/grading/localize";
import { deadlineOf, isReleased, type Lateness, lateness } from "../../core/grading/policy";
import { toPrairieLearn } from "../../core/grading/prairielearn";
import { type GradedResult, present, withheldFeedback } from "../../core/grading/present";
import type { Assignment, Limits } from "../../core/grading/types";
import { DEFAULT_LANG, type Lang, render, type Text, t, text } from "../../core/i18n";
import type { NDArray } from "../../core/ndarray";
import type { Env } from "../env";
import { Problem } from "../http/problem";
import { CLIENT_LIMITS, enforceClientLimit } from "../http/rate-limit";
import { gradeSubmission, measureNetworks } from "./grader";
import {
  attemptState,
  DEFAULT_LIMITS,
  findByExternalId,
  type Graded,
  getExtension,
  recordSubmission,
  type StoredProblem,
  type StoredSubmission,
  storedSubmissions,
  studentHistory,
  updateGraded,
} from "./store";
import { type Caller, callerOf, requireSubmitter } from "./student-token";
import { readSubmission } from "./submission";

export type Format = "json" | "gradescope" | "prairielearn";

/** How far ahead of the Worker's clock a platform's submission time may be (clock skew). */
const CLOCK_SKEW_MS = 5 * 60_000;

function rateLimited(detail: Text, retryAfter: number | null, extra: Record<string, unknown>): Problem {
  return new Problem(429, detail, {
    errors: [{ pointer: "/student", message: detail }],
    headers: retryAfter === null ? {} : { "Retry-After": String(retryAfter) },
    extra,
  });
}

function limited(limits: Limits, state: { count: number; lastMs: number }): Problem {
  if (state.count >= limits.max_attempts) {
    return rateLimited(text("error.attempt-limit", { limit: limits.max_attempts }), null, {
      limit: limits.max_attempts,
      attempts: state.count,
    });
  }
  const wait = Math.max(1, Math.ceil((state.lastMs + limits.min_interval_seconds * 1000 - Date.now()) / 1000));
  return rateLimited(text("error.too-soon", { interval: limits.min_interval_seconds, wait }), wait, {
    interval: limits.min_interval_seconds,
  });
}

/** Answers as JSON nested lists (non-finite values spelled as strings, which parseAnswer reads back). */
function answersJson(answers: Map<string, NDArray>): string {
  const out: Record<string, unknown> = {};
  for (const [id, a] of answers) {
    const num = (v: number): unknown => (Number.isFinite(v) ? v : Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf");
    let k = 0;
    const build = (d: number): unknown =>
      d === a.shape.length ? num(a.data[k++]) : Array.from({ length: a.shape[d] }, () => build(d + 1));
    out[id] = build(0);
  }
  return JSON.stringify(out);
}

function storedAnswers(json: string): Map<string, NDArray> {
  const parsed = JSON.parse(json) as Record<string, unknown>;
  return new Map(Object.entries(parsed).map(([id, v]) => [id, parseAnswer(v)]));
}

function toStored(results: GradedResult[], late: Lateness, measured: Map<string, Measured>): Graded {
  const sum = total(results);
  const problems: Record<string, StoredProblem> = {};
  for (const r of results) {
    const m = measured.get(r.id);
    problems[r.id] = {
      score: r.score,
      max_score: r.max_score,
      status: r.status,
      ...(r.diagnosis ? { diagnosis: r.diagnosis.id } : {}),
      ...(m ? { measured: m } : {}),
    };
  }
  return {
    score: sum.score,
    maxScore: sum.max_score,
    problems,
    lateDays: late.days,
    lateFactor: late.factor,
    counts: late.counts,
  };
}

function measuredOf(row: StoredSubmission): Map<string, Measured> {
  return new Map(Object.entries(row.problems).flatMap(([id, p]) => (p.measured ? [[id, p.measured as Measured]] : [])));
}

/** Adds PrairieLearn's "not gradable" members to a refusal, so the grader can write it as results.json. */
export function forPrairieLearn(err: unknown, lang: Lang = DEFAULT_LANG): unknown {
  if (!(err instanceof Problem) || err.status < 400) return err;
  const format_errors = [
    err.prefix + render(lang, err.detail),
    ...err.errors.map((e) => (e.pointer ? `${e.pointer}: ${render(lang, e.message)}` : render(lang, e.message))),
  ].filter((m, i, all) => m && all.indexOf(m) === i);
  return new Problem(err.status, err.detail, {
    prefix: err.prefix,
    errors: err.errors,
    headers: err.headers,
    extra: { ...err.extra, gradable: false, format_errors },
  });
}

/** POST /v1/assignments/:id/submissions: the reply's status and body. */
export async function submitAndGrade(
  env: Env,
  req: Request,
  a: Assignment,
  format: Format,
  lang: Lang = DEFAULT_LANG,
): Promise<{ status: 200 | 201; body: unknown }> {
  await enforceClientLimit(
    env.SUBMISSIONS_LIMITER,
    req,
    "submissions",
    text("what.submissions"),
    CLIENT_LIMITS.submissions,
  );
  const caller = await callerOf(req, a.id, env);
  const sub = await readSubmission(req, a, (student) => requireSubmitter(req, a, student, caller, env));
  const platformOnly: [keyof typeof sub, string][] = [
    ["submittedAt", "submitted_at"],
    ["submissionId", "submission_id"],
    ["regrade", "regrade"],
  ];
  for (const [key, name] of platformOnly) {
    if (sub[key] !== undefined && caller !== "grader")
      throw Problem.field(`/${name}`, text("grading.platform-only", { name }));
  }
  const variant = sub.variant ?? "student";
  if (variant === "grader" && caller === "anonymous") throw Problem.field("/variant", text("grading.grader-variant"));
  if (a.mode === "code" && variant !== "grader")
    throw Problem.field("/variant", text("grading.code-mode", { id: a.id }));
  const now = Date.now();
  if (sub.submittedAt !== undefined && sub.submittedAt > now + CLOCK_SKEW_MS)
    throw Problem.field("/submitted_at", text("grading.future"));

  const deadline = deadlineOf(a, await getExtension(env.DB, a.id, sub.student));
  const existing = sub.submissionId ? await findByExternalId(env.DB, a.id, sub.student, sub.submissionId) : null;
  if (sub.regrade && !existing) {
    throw new Problem(
      404,
      text("grading.no-regrade", {
        submission: sub.submissionId ?? text("grading.no-submission-id"),
        student: sub.student,
      }),
      {
        errors: [{ pointer: "/submission_id", message: text("grading.unknown-submission") }],
      },
    );
  }
  const at = existing ? existing.created_ms : (sub.submittedAt ?? now);
  const limits = a.limits ?? DEFAULT_LIMITS;
  if (!existing) {
    if (lateness(a, at, deadline).rejected) {
      throw Problem.field("", text("error.late-rejected", { due: new Date(deadline.due).toISOString() }));
    }
    const before = await attemptState(env.DB, a.id, sub.student);
    const interval = caller !== "grader" && before.lastMs > now - limits.min_interval_seconds * 1000;
    if (before.count >= limits.max_attempts || interval) throw limited(limits, before);
  }
  const measured = await measureNetworks(env, a, sub.networks);
  if (existing) for (const [id, m] of measuredOf(existing)) if (!measured.has(id)) measured.set(id, m);
  const shown = localizeAssignment(a, lang);
  const { results, late } = await gradeSubmission(env, shown, sub.student, sub.answers, measured, {
    at,
    now,
    deadline,
    variant,
    lang,
  });
  const graded = toStored(results, late, measured);
  let attempt: number;
  if (existing) {
    await updateGraded(env.DB, existing.id, graded, answersJson(sub.answers));
    attempt = existing.attempt;
  } else {
    const n = await recordSubmission(
      env.DB,
      {
        ...graded,
        assignment: a.id,
        student: sub.student,
        nowMs: at,
        answers: answersJson(sub.answers),
        variant,
        externalId: sub.submissionId ?? null,
      },
      limits,
      caller !== "grader",
    );
    if (n === null) throw limited(limits, await attemptState(env.DB, a.id, sub.student));
    attempt = n;
  }
  const full = caller !== "anonymous";
  const status = existing ? 200 : 201;
  const params = { title: shown.title, student: sub.student, attempt };
  const header = [
    late.late
      ? t(lang, "gradescope.header-late", { ...params, days: late.days, factor: late.factor })
      : t(lang, "gradescope.header", params),
    ...(existing ? [t(lang, "gradescope.regraded")] : []),
    ...(late.counts ? [] : [t(lang, "gradescope.not-counted")]),
  ].join(" ");
  if (format === "gradescope") return { status, body: toGradescope(results, header, full, lang) };
  if (format === "prairielearn") return { status, body: toPrairieLearn(results, header, lang) };
  return {
    status,
    body: {
      assignment: a.id,
      student: sub.student,
      attempt,
      submitted_at: new Date(at).toISOString(),
      regraded: !!existing,
      late,
      ...present(results, full, lang),
    },
  };
}

export const REGRADE_PAGE = 100;

/**
 * Re-grades recorded submissions under the assignment as it is now (tolerances, points,
 * thresholds, due date, extensions), in place: attempt numbers and submission times stay, no
 * attempt is spent. Model problems keep their measured accuracy. One page of REGRADE_PAGE
 * submissions per call; `next` continues.
 */
export async function regradeStored(env: Env, a: Assignment, student: string | null, after: number) {
  const rows = await storedSubmissions(env.DB, a.id, student, after, REGRADE_PAGE);
  const extensions = new Map<string, string | null>();
  let regraded = 0;
  const skipped: { student: string; attempt: number }[] = [];
  const now = Date.now();
  for (const row of rows) {
    if (row.answers === null) {
      skipped.push({ student: row.student, attempt: row.attempt });
      continue;
    }
    if (!extensions.has(row.student)) extensions.set(row.student, await getExtension(env.DB, a.id, row.student));
    const deadline = deadlineOf(a, extensions.get(row.student));
    const measured = measuredOf(row);
    const { results, late } = await gradeSubmission(env, a, row.student, storedAnswers(row.answers), measured, {
      at: row.created_ms,
      now,
      deadline,
      variant: row.variant,
    });
    await updateGraded(env.DB, row.id, toStored(results, late, measured));
    regraded++;
  }
  return { assignment: a.id, regraded, skipped, next: rows.length === REGRADE_PAGE ? rows[rows.length - 1].id : null };
}

type HistoryProblem = Pick<ProblemResult, "id" | "score" | "max_score"> & {
  status: string;
  diagnosis?: string;
  visibility: string;
};

/** A student's recorded attempts as `caller` may see them. */
export async function history(env: Env, a: Assignment, student: string, caller: Caller) {
  const full = caller !== "anonymous";
  const deadline = deadlineOf(a, await getExtension(env.DB, a.id, student));
  const now = Date.now();
  const rows = await studentHistory(env.DB, a.id, student);
  const attempts = rows.map((row) => {
    let score = 0;
    const problems = a.problems.map((spec): HistoryProblem | Record<string, unknown> => {
      const p = row.problems[spec.id];
      const visibility = spec.visibility ?? "visible";
      if (!full && !isReleased(spec, a, now, deadline)) {
        return {
          id: spec.id,
          max_score: p?.max_score ?? spec.points,
          visibility,
          status: "withheld",
          feedback: withheldFeedback(visibility),
        };
      }
      score += p?.score ?? 0;
      return {
        id: spec.id,
        score: p?.score ?? 0,
        max_score: p?.max_score ?? spec.points,
        status: p?.status ?? "missing",
        visibility,
        ...(p?.diagnosis ? { diagnosis: p.diagnosis } : {}),
      };
    });
    return {
      attempt: row.attempt,
      submitted_at: row.created_at,
      score: Math.round(score * 1e6) / 1e6,
      max_score: row.max_score,
      late: { days: row.late_days, factor: row.late_factor },
      counts: row.counts,
      voided: row.voided,
      problems,
    };
  });
  return { assignment: a.id, student, deadline: { due: iso(deadline.due), closes: iso(deadline.closes) }, attempts };
}

const iso = (ms: number): string | null => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);
