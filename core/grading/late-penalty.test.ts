import { describe, expect, it } from "vitest";
import { lateness } from "./policy";
import type { Assignment } from "./types";

// The documented late policy: score x (1 - penalty_per_day x started days late), never below 0.
const DAY = 86_400_000;
const due = "2026-01-10T00:00:00.000Z";
const assignment = (penalty: number): Assignment =>
  ({
    id: "a",
    title: "a",
    due,
    late: { mode: "penalty", penalty_per_day: penalty },
    problems: [],
  }) as unknown as Assignment;

describe("late penalty", () => {
  it("takes penalty_per_day for every started day", () => {
    const t = Date.parse(due);
    expect(lateness(assignment(0.1), t + 1)).toMatchObject({ late: true, days: 1, factor: 0.9 });
    expect(lateness(assignment(0.1), t + 2.5 * DAY).days).toBe(3);
    expect(lateness(assignment(0.1), t + 2.5 * DAY).factor).toBeCloseTo(0.7, 12);
    expect(lateness(assignment(0.4), t + 3 * DAY).factor).toBe(0);
    expect(lateness(assignment(0.1), t)).toMatchObject({ late: false, factor: 1 });
  });
});
