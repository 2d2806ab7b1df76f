import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAnswer, parseLenientJson } from "./answer";
import { DLFS_CH04 } from "./dlfs-ch04";
import { gradeAnswer } from "./grade";
import { MODEL_ACCURACY } from "./kinds";
import type { Variant } from "./variant";

/**
 * fixtures/grading/student.py (the book's numpy functions) answers the committed variants of
 * alice and bob correctly and with each classic mistake; the grader must give full marks to
 * the first and name the mistake in the others, on exactly the problems the mistake changes.
 */
const read = (name: string): any =>
  JSON.parse(readFileSync(new URL(`../../fixtures/grading/${name}`, import.meta.url), "utf8"));

for (const student of ["alice", "bob"]) {
  const variant = read(`variant-${student}.json`) as Variant;
  const doc = read(`answers-${student}.json`) as {
    mistakes: Record<string, string[]>;
    payloads: Record<string, string>;
  };
  const grade = (payload: string) => {
    const answers = (parseLenientJson(payload) as { answers: Record<string, unknown> }).answers;
    return variant.problems
      .filter((p) => p.kind !== MODEL_ACCURACY)
      .map((p) => {
        const spec = DLFS_CH04.problems.find((s) => s.id === p.id)!;
        return gradeAnswer(spec, p.inputs, p.id in answers ? parseAnswer(answers[p.id]) : undefined, true);
      });
  };

  describe(`${student}'s numpy answers`, () => {
    it("the book's functions get full marks on every computed problem", () => {
      for (const r of grade(doc.payloads.correct)) {
        expect(r.status, `${r.id}: ${r.feedback}`).toBe("correct");
        expect(r.score).toBe(r.max_score);
      }
    });

    it("covers at least ten distinct diagnoses", () => {
      expect(Object.keys(doc.mistakes).length).toBeGreaterThanOrEqual(10);
    });

    for (const [mistake, affected] of Object.entries(doc.mistakes)) {
      it(`${mistake}: diagnosed on ${affected.join(", ")}, the rest correct`, () => {
        for (const r of grade(doc.payloads[mistake])) {
          if (affected.includes(r.id)) {
            expect(r.diagnosis?.id, `${r.id}: ${r.feedback}`).toBe(mistake);
            expect(r.score).toBeLessThan(r.max_score);
            expect(JSON.stringify(r.diagnosis)).not.toMatch(/expected/i);
          } else {
            expect(r.status, `${r.id}: ${r.feedback}`).toBe("correct");
          }
        }
      });
    }
  });
}

describe("variants", () => {
  it("differ between alice and bob in every problem's inputs", () => {
    const a = read("variant-alice.json") as Variant;
    const b = read("variant-bob.json") as Variant;
    a.problems.forEach((p, i) => {
      if (p.kind !== MODEL_ACCURACY) expect(JSON.stringify(p.inputs)).not.toBe(JSON.stringify(b.problems[i].inputs));
    });
  });
});
