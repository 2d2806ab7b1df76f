import type { Assignment, ProblemSpec, Visibility } from "./types";

const DAY_MS = 86_400_000;

/**
 * One student's deadlines, in ms since the epoch (NaN: none). An extension replaces the due
 * date for that student and moves the late due date by the same amount.
 *   due     - after it a submission is late (days and factor of the late policy)
 *   closes  - the late due date (late.until) or, without one, the due date: after it expected
 *             values and after_due_date results may be shown, so later submissions are
 *             recorded but cannot raise the grade
 */
export interface Deadline {
  due: number;
  closes: number;
}

const ms = (iso: string | null | undefined): number => (iso ? Date.parse(iso) : NaN);

export function deadlineOf(a: Assignment, extension?: string | null): Deadline {
  const base = ms(a.due);
  const due = extension ? ms(extension) : base;
  const until = ms(a.late?.until);
  if (!Number.isFinite(until) || !Number.isFinite(base)) return { due, closes: due };
  return { due, closes: due + (until - base) };
}

export interface Lateness {
  late: boolean;
  /** Started days past the (student's) due date (0 when on time). */
  days: number;
  /** Multiplier of every score: 1, a penalty factor, or 0 when late submissions are rejected. */
  factor: number;
  rejected: boolean;
  /**
   * False for a submission made after the assignment closed for this student while it shows
   * expected values after the deadline: it is recorded and graded, but the gradebook never
   * picks it (zeros, read the expected values, resubmit: no marks).
   */
  counts: boolean;
}

/** Where a submission made at `at` stands against the student's deadlines and the late policy. */
export function lateness(a: Assignment, at: number, d: Deadline = deadlineOf(a)): Lateness {
  const counts = !(
    (a.reveal_expected ?? "after_due_date") === "after_due_date" &&
    Number.isFinite(d.closes) &&
    at > d.closes
  );
  if (!Number.isFinite(d.due) || at <= d.due) return { late: false, days: 0, factor: 1, rejected: false, counts };
  const days = Math.ceil((at - d.due) / DAY_MS);
  const mode = a.late?.mode ?? "accept";
  if (mode === "reject") return { late: true, days, factor: 0, rejected: true, counts: false };
  if (mode === "penalty")
    return {
      late: true,
      days,
      factor: Math.max(0, 1 - (a.late?.penalty_per_day ?? 0) * days),
      rejected: false,
      counts,
    };
  return { late: true, days, factor: 1, rejected: false, counts };
}

/**
 * Whether a problem's result (score, status, diagnosis, element counts, where the first wrong
 * element is) may be shown to the student now: visible always; after_due_date once the
 * assignment has closed for them; hidden only once the instructor sets `released`.
 */
export function isReleased(spec: ProblemSpec, a: Assignment, now: number, d: Deadline = deadlineOf(a)): boolean {
  const v: Visibility = spec.visibility ?? "visible";
  if (v === "visible" || a.released === true) return true;
  if (v === "after_due_date") return Number.isFinite(d.closes) && now > d.closes;
  return false;
}

/** Whether expected values of wrong answers may be shown now (see Assignment.reveal_expected). */
export function mayRevealExpected(a: Assignment, now: number, d: Deadline = deadlineOf(a)): boolean {
  const mode = a.reveal_expected ?? "after_due_date";
  if (mode !== "after_due_date") return mode === "always";
  return Number.isFinite(d.closes) && now > d.closes;
}
