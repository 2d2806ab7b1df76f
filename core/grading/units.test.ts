import { describe, expect, it } from "vitest";
import { AnswerError, parseAnswer, parseLenientJson } from "./answer";
import { gradebookCsv, type AttemptRow } from "./gradebook";
import { toGradescope } from "./gradescope";
import { effectiveVisibility, lateness } from "./policy";
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
  for (const [a, b, eq, want] of cases) it(`isclose(${a}, ${b}${eq ? ", equal_nan" : ""}) = ${want}`, () => expect(isClose(a, b, { rtol: 1e-5, atol: 1e-8 }, eq)).toBe(want));
});

describe("answers", () => {
  it("reads numbers, nested lists, and the non-finite spellings of Python and JavaScript", () => {
    expect(parseAnswer(2.5)).toEqual({ data: Float64Array.of(2.5), shape: [] });
    expect(parseAnswer([[1, "nan"], ["-inf", "Infinity"]]).shape).toEqual([2, 2]);
    expect(Array.from(parseAnswer(["nan", "-Infinity", "inf"]).data)).toEqual([NaN, -Infinity, Infinity]);
    expect(parseLenientJson('{"a": [NaN, -Infinity, Infinity], "s": "NaN inside a string"}')).toEqual({ a: ["NaN", "-Infinity", "Infinity"], s: "NaN inside a string" });
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
  const a: Assignment = { id: "a", title: "a", due: "2026-01-10T00:00:00Z", late: { mode: "penalty", penalty_per_day: 0.1 }, problems: [] };
  const t = (iso: string) => Date.parse(iso);
  it("counts started days late", () => {
    expect(lateness(a, t("2026-01-09T23:00:00Z"))).toEqual({ late: false, days: 0, factor: 1, rejected: false });
    expect(lateness(a, t("2026-01-10T00:00:01Z")).factor).toBeCloseTo(0.9, 15);
    expect(lateness(a, t("2026-01-12T12:00:00Z")).days).toBe(3);
    expect(lateness({ ...a, late: { mode: "reject" } }, t("2026-01-11T00:00:00Z")).rejected).toBe(true);
  });
  it("shows after_due_date problems only after the due date", () => {
    const spec = { id: "p", kind: "mse", points: 1, visibility: "after_due_date" as const };
    expect(effectiveVisibility(spec, a, t("2026-01-09T00:00:00Z"))).toBe("hidden");
    expect(effectiveVisibility(spec, a, t("2026-01-11T00:00:00Z"))).toBe("visible");
    expect(effectiveVisibility(spec, { ...a, due: null }, t("2030-01-01T00:00:00Z"))).toBe("hidden");
  });
});

describe("outputs", () => {
  it("Gradescope: the top-level score is the sum of the tests' scores; no expected value for hidden tests", () => {
    const r = (id: string, score: number, visibility: "visible" | "hidden", expected?: unknown) => ({
      id, kind: "mse", title: id, score, max_score: 1, status: "incorrect" as const, feedback: "f.", visibility, ...(expected === undefined ? {} : { expected }),
    });
    const gs = toGradescope([r("a", 0.1, "visible", 3), r("b", 0.2, "hidden"), r("c", 1, "visible")], "h");
    expect(gs.score).toBe(1.3);
    expect(gs.tests.map((t) => t.status)).toEqual(["failed", "failed", "passed"]);
    expect(gs.tests[0].output).toBe("f. Expected: 3.");
    expect(gs.tests[1].output).toBe("f.");
  });

  it("gradebook: best or latest attempt per student, CSV-escaped, formula-looking names defused", () => {
    const rows: AttemptRow[] = [
      { student: "bo,b", attempt: 1, created_at: "t1", score: 2, max_score: 2, scores: { p: 2 } },
      { student: "bo,b", attempt: 2, created_at: "t2", score: 1, max_score: 2, scores: { p: 1 } },
      { student: "=cmd", attempt: 1, created_at: "t3", score: 0, max_score: 2, scores: {} },
    ];
    expect(gradebookCsv(["p"], rows, "best")).toBe(
      "student,p,total,max_score,attempt,attempts,submitted_at\r\n'=cmd,0,0,2,1,1,t3\r\n\"bo,b\",2,2,2,1,2,t1\r\n",
    );
    expect(gradebookCsv(["p"], rows, "latest").split("\r\n")[2]).toBe('"bo,b",1,1,2,2,2,t2');
  });

  it("gradebook: problems named like Object's built-ins (toString, constructor) score 0 when unanswered", () => {
    const rows: AttemptRow[] = [{ student: "bob", attempt: 1, created_at: "t", score: 0, max_score: 2, scores: {} }];
    expect(gradebookCsv(["toString", "constructor"], rows, "best").split("\r\n")[1]).toBe("bob,0,0,0,2,1,1,t");
  });
});
