import type { Assignment, ProblemSpec, Visibility } from "./types";

const DAY_MS = 86_400_000;

export interface Lateness {
  late: boolean;
  /** Started days past the due date (0 when on time). */
  days: number;
  /** Multiplier of every score: 1, a penalty factor, or 0 when late submissions are rejected. */
  factor: number;
  rejected: boolean;
}

/** Where a submission at `now` stands against the due date and late policy. */
export function lateness(a: Assignment, now: number): Lateness {
  const due = a.due ? Date.parse(a.due) : NaN;
  if (!Number.isFinite(due) || now <= due) return { late: false, days: 0, factor: 1, rejected: false };
  const days = Math.ceil((now - due) / DAY_MS);
  const mode = a.late?.mode ?? "accept";
  if (mode === "reject") return { late: true, days, factor: 0, rejected: true };
  if (mode === "penalty") return { late: true, days, factor: Math.max(0, 1 - (a.late?.penalty_per_day ?? 0) * days), rejected: false };
  return { late: true, days, factor: 1, rejected: false };
}

/** The visibility that applies now: after_due_date problems are hidden until the due date passes. */
export function effectiveVisibility(spec: ProblemSpec, a: Assignment, now: number): "visible" | "hidden" {
  const v: Visibility = spec.visibility ?? "visible";
  if (v === "visible") return "visible";
  if (v === "after_due_date") {
    const due = a.due ? Date.parse(a.due) : NaN;
    return Number.isFinite(due) && now > due ? "visible" : "hidden";
  }
  return "hidden";
}

/** Whether expected values may be shown now (see Assignment.reveal_expected). */
export function mayRevealExpected(a: Assignment, now: number): boolean {
  const mode = a.reveal_expected ?? "after_due_date";
  if (mode !== "after_due_date") return mode === "always";
  const due = a.due ? Date.parse(a.due) : NaN;
  return Number.isFinite(due) && now > due;
}
