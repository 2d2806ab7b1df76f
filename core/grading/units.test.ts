import { describe, expect, it } from "vitest";
import { type AnswerError, parseAnswer, parseLenientJson } from "./answer";
import { type AttemptRow, gradebookCsv } from "./gradebook";
import { toGradescope } from "./gradescope";
import { deadlineOf, isReleased, lateness, mayRevealExpected } from "./policy";
import { toPrairieLearn } from "./prairielearn";
import type { GradedResult } from "./present";
import { present } from "./present";
import { isClose } from "./tolerance";
import type { Assignment } from "./types";

describe("isClose is numpy.isclose", () => {
  // Each row: a, b, equal_nan, numpy's answer (np.isclose(a, b) printed by numpy 2.4).
  const cases: [number, number, boolean, boolean][] = [
    [1e10, 1.00001e10, false, true],
    [1e-7, 1e-8, false, false],
    [1e-8, 1e-9, false, true],
    [NaN, NaN, false, false],
    [NaN, NaN, true, true],
    [Infinity, Infinity, false, true],
    [Infinity, -Infinity, false, false],
    [1.00001, 1.0, false, true],
    [0, 1e-8, false, true],
    [0, 1.1e-8, false, false],
  ];
  for (const [a, b, eq, want] of cases)
    it(`isclose(${a}, ${b}${eq ? ", equal_nan" : ""}) = ${want}`, () =>
      expect(isClose(a, b, { rtol: 1e-5, atol: 1e-8 }, eq)).toBe(want));
});

describe("answers", () => {
  it("reads numbers, nested lists, and the non-finite spellings of Python and JavaScript", () => {
    expect(parseAnswer(2.5)).toEqual({ data: Float64Array.of(2.5), shape: [] });
    expect(
      parseAnswer([
        [1, "nan"],
        ["-inf", "Infinity"],
      ]).shape,
    ).toEqual([2, 2]);
    expect(Array.from(parseAnswer(["nan", "-Infinity", "inf"]).data)).toEqual([NaN, -Infinity, Infinity]);
    expect(parseLenientJson('{"a": [NaN, -Infinity, Infinity], "s": "NaN inside a string"}')).toEqual({
      a: ["NaN", "-Infinity", "Infinity"],
      s: "NaN inside a string",
    });
  });

  it("names the element of a ragged or non-numeric answer", () => {
    const err = (v: unknown) => {
      try {
        parseAnswer(v);
      } catch (e) {
        return e as AnswerError;
      }
      throw new Error("no error");
    };
    expect(err([[1, 2], [3]]).path).toEqual([1]);
    expect(err([1, "x"]).path).toEqual([1]);
    expect(err([1, true]).message).toMatch(/expected a number/);
  });
});

describe("late policy and visibility", () => {
  const a: Assignment = {
    id: "a",
    title: "a",
    due: "2026-01-10T00:00:00Z",
    late: { mode: "penalty", penalty_per_day: 0.1 },
    problems: [],
  };
  const t = (iso: string) => Date.parse(iso);
  it("counts started days late", () => {
    expect(lateness(a, t("2026-01-09T23:00:00Z"))).toEqual({
      late: false,
      days: 0,
      factor: 1,
      rejected: false,
      counts: true,
    });
    expect(lateness(a, t("2026-01-10T00:00:01Z")).factor).toBeCloseTo(0.9, 15);
    expect(lateness(a, t("2026-01-12T12:00:00Z")).days).toBe(3);
    expect(lateness({ ...a, late: { mode: "reject" } }, t("2026-01-11T00:00:00Z")).rejected).toBe(true);
  });
  it("finding 3: after the due date (expected values shown) a submission is recorded but does not count", () => {
    const accept: Assignment = { ...a, late: { mode: "accept" } };
    const after = t("2026-01-10T00:00:01Z");
    expect(mayRevealExpected(accept, after)).toBe(true);
    expect(lateness(accept, after)).toMatchObject({ late: true, factor: 1, counts: false });
    // With a late due date, late work counts (penalised) until it, and expected values wait for it.
    const window: Assignment = { ...a, late: { mode: "penalty", penalty_per_day: 0.1, until: "2026-01-13T00:00:00Z" } };
    expect(mayRevealExpected(window, after)).toBe(false);
    expect(lateness(window, t("2026-01-12T00:00:00Z"))).toMatchObject({ days: 2, counts: true });
    expect(lateness(window, t("2026-01-13T00:00:01Z")).counts).toBe(false);
    // reveal_expected "never": nothing is ever shown, so late work keeps counting under the policy.
    expect(lateness({ ...accept, reveal_expected: "never" }, t("2026-02-01T00:00:00Z")).counts).toBe(true);
  });
  it("an extension moves one student's due date and late due date", () => {
    const window: Assignment = { ...a, late: { mode: "accept", until: "2026-01-11T00:00:00Z" } };
    const d = deadlineOf(window, "2026-01-20T00:00:00Z");
    expect(d).toEqual({ due: t("2026-01-20T00:00:00Z"), closes: t("2026-01-21T00:00:00Z") });
    expect(lateness(window, t("2026-01-15T00:00:00Z"), d)).toMatchObject({ late: false, counts: true });
    expect(mayRevealExpected(window, t("2026-01-15T00:00:00Z"), d)).toBe(false);
    expect(mayRevealExpected(window, t("2026-01-15T00:00:00Z"))).toBe(true);
  });
  it("after_due_date results are released after the assignment closes, hidden ones when the instructor releases them", () => {
    const spec = { id: "p", kind: "mse", points: 1, visibility: "after_due_date" as const };
    expect(isReleased(spec, a, t("2026-01-09T00:00:00Z"))).toBe(false);
    expect(isReleased(spec, a, t("2026-01-11T00:00:00Z"))).toBe(true);
    expect(isReleased(spec, { ...a, due: null }, t("2030-01-01T00:00:00Z"))).toBe(false);
    const hidden = { ...spec, visibility: "hidden" as const };
    expect(isReleased(hidden, a, t("2030-01-01T00:00:00Z"))).toBe(false);
    expect(isReleased(hidden, { ...a, released: true }, t("2026-01-01T00:00:00Z"))).toBe(true);
  });
});

const graded = (
  id: string,
  score: number,
  visibility: "visible" | "hidden" | "after_due_date",
  released: boolean,
  extra: Partial<GradedResult> = {},
): GradedResult => ({
  id,
  kind: "mse",
  title: id,
  score,
  max_score: 1,
  status: score === 1 ? "correct" : "partial",
  feedback: `${id} feedback.`,
  visibility,
  released,
  ...extra,
});

describe("finding 1: withheld results", () => {
  const results = [
    graded("a", 1, "visible", true),
    graded("b", 0.5, "hidden", false, {
      diagnosis: { id: "tiny-h", message: "m" },
      elements: { close: 5, total: 6 },
      feedback: "5 of 6 ... at [1, 2]",
    }),
    graded("c", 0, "after_due_date", false),
  ];
  it("students see no score, status, diagnosis, element counts or wrong element of a withheld problem, nor its score in the total", () => {
    const s = present(results, false);
    expect(s.score).toBe(1);
    expect(s.max_score).toBe(3);
    expect(s.withheld).toEqual({ problems: 2, max_score: 2 });
    const b = s.problems[1] as unknown as Record<string, unknown>;
    expect(b.status).toBe("withheld");
    for (const key of ["score", "diagnosis", "elements", "expected"]) expect(b).not.toHaveProperty(key);
    expect(JSON.stringify(s)).not.toMatch(/tiny-h|5 of 6|\[1, 2\]/);
  });
  it("instructors see everything", () => {
    const s = present(results, true);
    expect(s.score).toBe(1.5);
    expect(s).not.toHaveProperty("withheld");
    expect(s.problems[1]).toMatchObject({ score: 0.5, diagnosis: { id: "tiny-h" }, elements: { close: 5, total: 6 } });
  });
  it("Gradescope: each visibility keeps its own value; the total is hidden from students while a hidden test carries points", () => {
    const gs = toGradescope(results, "h", true);
    expect(gs.tests.map((t) => t.visibility)).toEqual(["visible", "hidden", "after_due_date"]);
    expect(gs.visibility).toBe("after_published");
    expect(toGradescope([results[0], results[2]], "h", true).visibility).toBe("after_due_date");
    expect(toGradescope([results[0]], "h", true).visibility).toBe("visible");
    expect(gs.tests[1].tags).toEqual(["tiny-h"]);
    expect(gs.output_format).toBe("md");
    // A student asking directly gets the released tests only.
    const mine = toGradescope(results, "h", false);
    expect(mine.tests.map((t) => t.name)).toEqual(["a: a"]);
    expect(mine.score).toBe(1);
  });
  it("PrairieLearn: score in [0, 1] counts released results over all points; withheld tests are not listed", () => {
    const pl = toPrairieLearn(results, "h");
    expect(pl.score).toBeCloseTo(1 / 3, 12);
    expect(pl.tests.map((t) => [t.name, t.points, t.max_points])).toEqual([["a: a", 1, 1]]);
  });
});

describe("outputs", () => {
  it("Gradescope: the top-level score is the sum of the tests' scores; no expected value for hidden tests", () => {
    const gs = toGradescope(
      [
        graded("a", 0.1, "visible", true, { expected: 3 }),
        graded("b", 0.2, "hidden", false),
        graded("c", 1, "visible", true),
      ],
      "h",
      true,
    );
    expect(gs.score).toBe(1.3);
    expect(gs.tests.map((t) => t.status)).toEqual(["failed", "failed", "passed"]);
    expect(gs.tests[0].output).toBe("a feedback. Expected: 3.");
    expect(gs.tests[1].output).toBe("b feedback.");
  });

  it("Gradescope: a visible model problem's accuracy goes to the leaderboard", () => {
    const gs = toGradescope(
      [graded("model", 1, "visible", true, { kind: "model_accuracy", accuracy: 0.97 })],
      "h",
      true,
    );
    expect(gs.leaderboard).toEqual([{ name: "Accuracy", value: 0.97, order: "desc" }]);
  });

  it("gradebook: best or latest attempt per student, CSV-escaped, formula-looking names defused", () => {
    const late = { late_days: 0, late_factor: 1, counts: true };
    const rows: AttemptRow[] = [
      { student: "bo,b", attempt: 1, created_at: "t1", score: 2, max_score: 2, scores: { p: 2 }, ...late },
      {
        student: "bo,b",
        attempt: 2,
        created_at: "t2",
        score: 1,
        max_score: 2,
        scores: { p: 1 },
        ...late,
        late_days: 2,
        late_factor: 0.8,
      },
      { student: "=cmd", attempt: 1, created_at: "t3", score: 0, max_score: 2, scores: {}, ...late },
    ];
    expect(gradebookCsv(["p"], rows, "best")).toBe(
      'student,p,total,max_score,attempt,attempts,submitted_at,late_days,late_factor,not_counted\r\n\'=cmd,0,0,2,1,1,t3,0,1,0\r\n"bo,b",2,2,2,1,2,t1,0,1,0\r\n',
    );
    expect(gradebookCsv(["p"], rows, "latest").split("\r\n")[2]).toBe('"bo,b",1,1,2,2,2,t2,2,0.8,0');
  });

  it("gradebook: attempts after the assignment closed are counted but never chosen", () => {
    const rows: AttemptRow[] = [
      {
        student: "al",
        attempt: 1,
        created_at: "t1",
        score: 0,
        max_score: 2,
        scores: { p: 0 },
        late_days: 0,
        late_factor: 1,
        counts: true,
      },
      {
        student: "al",
        attempt: 2,
        created_at: "t2",
        score: 2,
        max_score: 2,
        scores: { p: 2 },
        late_days: 1,
        late_factor: 1,
        counts: false,
      },
      {
        student: "zed",
        attempt: 1,
        created_at: "t3",
        score: 2,
        max_score: 2,
        scores: { p: 2 },
        late_days: 3,
        late_factor: 1,
        counts: false,
      },
    ];
    const lines = gradebookCsv(["p"], rows, "best", 2).split("\r\n");
    expect(lines[1]).toBe("al,0,0,2,1,2,t1,0,1,1");
    expect(lines[2]).toBe("zed,0,0,2,,1,,,,1");
  });

  it("gradebook: problems named like Object's built-ins (toString, constructor) score 0 when unanswered", () => {
    const rows: AttemptRow[] = [
      {
        student: "bob",
        attempt: 1,
        created_at: "t",
        score: 0,
        max_score: 2,
        scores: {},
        late_days: 0,
        late_factor: 1,
        counts: true,
      },
    ];
    expect(gradebookCsv(["toString", "constructor"], rows, "best").split("\r\n")[1]).toBe("bob,0,0,0,2,1,1,t,0,1,0");
  });
});
