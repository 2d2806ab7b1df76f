import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { fixtureBytes as fixture } from "./reference";

/**
 * numpy.isclose through the route, per grading kind: answers that fixtures/generate_edges.py
 * moved to just inside and just outside the documented tolerance of each problem (numpy's
 * defaults unless the kind documents tighter ones), including the asymmetric edge where the
 * tolerance must scale with the expected value, not with the answer. The expected statuses are
 * numpy's verdicts; the generator lists which of them a mirrored, swapped, loosened or
 * atol-less tolerance would change (meta.flips), so each of those fails here.
 */
const BASE = "http://x/v1/assignments/dlfs-ch04/submissions";
// An instructor sees every result (hidden problems included) of what they submit.
const ADMIN = { authorization: "Bearer test-admin-token" };

interface ToleranceDoc {
  cases: {
    sets: Record<string, { student: string; answers: Record<string, unknown> }>;
    expected: Record<string, Record<string, "correct" | "incorrect">>;
  };
  meta: { flips: Record<string, string[]> };
}

const docs: Record<string, ToleranceDoc> = {};

beforeAll(async () => {
  for (const s of ["alice", "bob"])
    docs[s] = JSON.parse(new TextDecoder().decode(await fixture(`grading/tolerance-${s}.json`)));
});

describe("grading tolerance at its edges, through the route", () => {
  it("the fixture covers every kind, and every wrong tolerance changes some verdict", () => {
    for (const doc of Object.values(docs)) {
      expect(Object.keys(doc.cases.expected.inside).length).toBe(11);
      for (const [wrong, flips] of Object.entries(doc.meta.flips)) expect(flips.length, wrong).toBeGreaterThan(0);
    }
  });

  for (const student of ["alice", "bob"]) {
    for (const set of ["inside", "outside", "mirror_outside", "mirror_inside"]) {
      it(`${student}: ${set}`, async () => {
        const { sets, expected } = docs[student].cases;
        const res = await SELF.fetch(BASE, {
          method: "POST",
          headers: { ...ADMIN, "content-type": "application/json" },
          body: JSON.stringify(sets[set]),
        });
        expect(res.status).toBe(201);
        const body = (await res.json()) as {
          problems: { id: string; status: string; score: number; max_score: number; feedback: string }[];
        };
        const got = Object.fromEntries(body.problems.map((p) => [p.id, p]));
        const ids = Object.keys(expected[set]);
        expect(ids.length).toBeGreaterThanOrEqual(6);
        for (const id of ids) {
          const p = got[id];
          expect(p.status, `${id}: ${p.feedback}`).toBe(expected[set][id]);
          expect(p.score, id).toBe(expected[set][id] === "correct" ? p.max_score : 0);
        }
      });
    }
  }
});
