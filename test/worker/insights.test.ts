import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { KINDS } from "../../core/grading/kinds";
import type { NDArray } from "../../core/ndarray";

/**
 * GET /v1/assignments/{id}/insights against submissions made through the real route: 12
 * students answer their own variants with the grading engine's right answers or one of its
 * known mistakes, some try again after the due date moved into the past. Every number of the
 * insight is tallied independently here from the graded responses the students received.
 */
const BASE = "http://x/v1/assignments";
const ADMIN = { authorization: "Bearer test-admin-token", "content-type": "application/json" };
const ID = "insight-quiz";
const doc = (due: string | null) => ({
  title: "Insight quiz",
  due,
  late: { mode: "accept" },
  limits: { min_interval_seconds: 0, max_attempts: 10 },
  problems: [
    { id: "m", kind: "mse", points: 1 },
    { id: "c", kind: "cross_entropy", points: 2, params: { batch: 4 } },
    { id: "s", kind: "softmax", points: 1, partial: true },
  ],
});

/** What each student answers per problem: "ok", a mistake id of the kind, or absent (not answered). */
type Plan = Record<string, Record<string, string>>;
const ROUND1: Plan = {
  s01: { m: "missing-half", c: "summed-over-batch", s: "ok" },
  s02: { m: "missing-half", c: "ok", s: "softmax-overflow" },
  s03: { m: "missing-half", c: "summed-over-batch", s: "ok" },
  s04: { m: "missing-half", c: "ok", s: "softmax-overflow" },
  s05: { m: "mean-instead-of-half-sum", c: "summed-over-batch", s: "ok" },
  s06: { m: "mean-instead-of-half-sum", c: "ok", s: "ok" },
  s07: { m: "ok", c: "missing-minus", s: "ok" },
  s08: { m: "ok", c: "ok", s: "softmax-whole-batch" },
  s09: { m: "ok", c: "ok", s: "ok" },
  s10: { m: "ok", c: "ok", s: "ok" },
  s11: { m: "ok", c: "no-delta" },
  s12: { m: "ok" },
};
const ROUND2: Plan = {
  s01: { m: "ok", c: "summed-over-batch", s: "ok" },
  s02: { m: "ok", c: "ok", s: "ok" },
  s03: { m: "mean-instead-of-half-sum", c: "ok", s: "ok" },
  s05: { m: "ok", c: "ok", s: "ok" },
  s11: { m: "ok", c: "ok", s: "softmax-overflow" },
};

function nested(a: NDArray): unknown {
  const num = (v: number): unknown => (Number.isFinite(v) ? v : String(v));
  if (a.shape.length === 0) return num(a.data[0]);
  let k = 0;
  const build = (d: number): unknown[] =>
    Array.from({ length: a.shape[d] }, () => (d === a.shape.length - 1 ? num(a.data[k++]) : build(d + 1)));
  return build(0);
}

const variants = new Map<string, any>();

async function answer(student: string, plan: Record<string, string>): Promise<any> {
  if (!variants.has(student))
    variants.set(student, await (await SELF.fetch(`${BASE}/${ID}/variant?student=${student}`)).json());
  const answers: Record<string, unknown> = {};
  for (const p of variants.get(student).problems) {
    const what = plan[p.id];
    if (what === undefined) continue;
    const kind = KINDS.get(p.kind)!;
    const value = what === "ok" ? kind.solve(p.inputs) : kind.mistakes(p.inputs).find((m) => m.id === what)!.value;
    answers[p.id] = nested(value);
  }
  const res = await SELF.fetch(`${BASE}/${ID}/submissions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ student, answers }),
  });
  expect(res.status).toBe(201);
  return res.json();
}

const responses: any[] = [];

beforeAll(async () => {
  const put = (due: string | null) =>
    SELF.fetch(`${BASE}/${ID}`, { method: "PUT", headers: ADMIN, body: JSON.stringify(doc(due)) });
  expect((await put("2099-01-01T00:00:00Z")).status).toBe(201);
  for (const [s, plan] of Object.entries(ROUND1)) responses.push(await answer(s, plan));
  // The due date moves to just after the first round: the second round is late.
  await new Promise((r) => setTimeout(r, 20));
  expect((await put(new Date(Date.now() - 10).toISOString())).status).toBe(200);
  await new Promise((r) => setTimeout(r, 20));
  for (const [s, plan] of Object.entries(ROUND2)) responses.push(await answer(s, plan));
});

const insights = async (query = "", headers: Record<string, string> = ADMIN) =>
  SELF.fetch(`${BASE}/${ID}/insights${query}`, { headers });

/** The same numbers, tallied from the graded responses (oldest first). */
function tally() {
  const perProblem = new Map<
    string,
    {
      attempts: number;
      students: Set<string>;
      first: Map<string, boolean>;
      last: Map<string, any>;
      solved: Set<string>;
      late: number;
      mistakes: Map<string, { students: Set<string>; attempts: number }>;
    }
  >();
  for (const r of responses) {
    for (const p of r.problems) {
      if (p.status === "missing") continue;
      const t = perProblem.get(p.id) ?? {
        attempts: 0,
        students: new Set(),
        first: new Map(),
        last: new Map(),
        solved: new Set(),
        late: 0,
        mistakes: new Map(),
      };
      perProblem.set(p.id, t);
      t.attempts++;
      t.students.add(r.student);
      if (!t.first.has(r.student)) t.first.set(r.student, p.status === "correct");
      t.last.set(r.student, p);
      if (p.status === "correct") t.solved.add(r.student);
      if (r.late.late) t.late++;
      if (p.diagnosis) {
        const m = t.mistakes.get(p.diagnosis.id) ?? { students: new Set(), attempts: 0 };
        t.mistakes.set(p.diagnosis.id, m);
        m.students.add(r.student);
        m.attempts++;
      }
    }
  }
  return perProblem;
}

const bin = (score: number, max: number) => Math.min(9, Math.floor((10 * score) / max + 1e-9));

describe("GET /v1/assignments/{id}/insights", () => {
  it("needs the admin token", async () => {
    expect((await insights("", {})).status).toBe(401);
    expect((await insights("", { authorization: "Bearer nope" })).status).toBe(401);
  });

  it("counts attempts, students, first-try success, solved, late answers and mistake shares exactly as the responses say", async () => {
    const res = await insights();
    expect(res.status).toBe(200);
    const body: any = await res.json();
    const expected = tally();
    expect(body.submissions).toBe(responses.length);
    expect(body.students).toBe(Object.keys(ROUND1).length);
    expect(body.late).toBe(responses.filter((r) => r.late.late).length);
    expect(body.late).toBe(Object.keys(ROUND2).length);
    expect(body.problems.map((p: any) => p.id)).toEqual(["m", "c", "s"]);
    for (const p of body.problems) {
      const t = expected.get(p.id)!;
      expect(p.attempts, p.id).toBe(t.attempts);
      expect(p.students, p.id).toBe(t.students.size);
      expect(p.first_try.correct, p.id).toBe([...t.first.values()].filter(Boolean).length);
      expect(p.first_try.rate, p.id).toBeCloseTo(p.first_try.correct / t.students.size, 4);
      expect(p.solved.students, p.id).toBe(t.solved.size);
      expect(p.late, p.id).toBe(t.late);
      const mistakes = Object.fromEntries(p.mistakes.map((m: any) => [m.id, m]));
      expect(Object.keys(mistakes).sort(), p.id).toEqual([...t.mistakes.keys()].sort());
      for (const [id, m] of t.mistakes) {
        expect(mistakes[id].students, `${p.id} ${id}`).toBe(m.students.size);
        expect(mistakes[id].attempts, `${p.id} ${id}`).toBe(m.attempts);
        expect(mistakes[id].share, `${p.id} ${id}`).toBeCloseTo(m.students.size / t.students.size, 4);
      }
      const histogram = new Array(10).fill(0);
      for (const last of t.last.values()) histogram[bin(last.score, last.max_score)]++;
      expect(p.histogram, p.id).toEqual(histogram);
    }
  });

  it("finds the planted mistakes: 5 of 12 students forgot the 0.5 or used a mean in mean_squared_error", async () => {
    const body: any = await (await insights()).json();
    const m = body.problems.find((p: any) => p.id === "m");
    const byId = Object.fromEntries(m.mistakes.map((x: any) => [x.id, x]));
    expect(byId["missing-half"]).toMatchObject({
      students: 4,
      attempts: 4,
      share: 0.3333,
      label: "forgot the 0.5 in mean_squared_error",
    });
    expect(byId["mean-instead-of-half-sum"]).toMatchObject({ students: 3, attempts: 3, share: 0.25 });
    expect(m.first_try.correct).toBe(6);
    const c = body.problems.find((p: any) => p.id === "c");
    expect(c.students).toBe(11);
    expect(c.mistakes[0]).toMatchObject({ id: "summed-over-batch", students: 3, attempts: 4 });
  });

  it("lists each student's attempts, last and best score", async () => {
    const body: any = await (await insights()).json();
    const rows = Object.fromEntries(body.per_student.map((s: any) => [s.student, s]));
    expect(Object.keys(rows)).toEqual(Object.keys(ROUND1));
    for (const s of Object.keys(ROUND1)) {
      const mine = responses.filter((r) => r.student === s);
      const last = mine[mine.length - 1];
      expect(rows[s]).toMatchObject({
        attempts: mine.length,
        last_score: last.score,
        max_score: last.max_score,
        best_score: Math.max(...mine.map((r) => r.score)),
        late: mine.filter((r) => r.late.late).length,
      });
    }
    const histogram = new Array(10).fill(0);
    for (const s of body.per_student) histogram[bin(s.last_score, s.max_score)]++;
    expect(body.histogram).toEqual(histogram);
  });

  it("names the mistakes in Korean with ?lang=ko or Accept-Language: ko", async () => {
    for (const [query, headers] of [
      ["?lang=ko", ADMIN],
      ["", { ...ADMIN, "accept-language": "ko-KR,ko;q=0.9" }],
    ] as const) {
      const body: any = await (await insights(query, headers)).json();
      const m = body.problems.find((p: any) => p.id === "m");
      expect(m.mistakes.find((x: any) => x.id === "missing-half").label).toBe("평균 제곱 오차에서 0.5를 빠뜨림");
    }
  });

  it("is empty, not an error, for an assignment nobody has submitted", async () => {
    const res = await insights().then(() => SELF.fetch(`${BASE}/dlfs-ch04/insights`, { headers: ADMIN }));
    expect(res.status).toBe(200);
    const body: any = await res.json();
    expect(body).toMatchObject({ submissions: 0, students: 0, late: 0, per_student: [] });
    expect(body.problems.every((p: any) => p.attempts === 0 && p.mistakes.length === 0)).toBe(true);
  });

  it("answers 404 for an unknown assignment", async () => {
    expect((await SELF.fetch(`${BASE}/nope/insights`, { headers: ADMIN })).status).toBe(404);
  });
});
