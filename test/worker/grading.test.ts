import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDefaults } from "./defaults";
import { fixtureBytes as fixture } from "./reference";

/**
 * The autograder through the real Worker (workerd, D1 and KV from Miniflare). The variants of
 * alice and bob and their answers come from fixtures/grading (scripts/grading-fixtures.ts):
 * the answers are what student.py, the book's numpy functions, prints for each variant.
 */
const ADMIN = { authorization: "Bearer test-admin-token" };
const BASE = "http://x/v1/assignments";

interface AnswerDoc {
  mistakes: Record<string, string[]>;
  payloads: Record<string, string>;
}

const text = async (path: string): Promise<string> => new TextDecoder().decode(await fixture(path));

const variants: Record<string, any> = {};
const answers: Record<string, AnswerDoc> = {};
let npz: Uint8Array;

beforeAll(async () => {
  for (const s of ["alice", "bob"]) {
    variants[s] = JSON.parse(await text(`grading/variant-${s}.json`));
    answers[s] = JSON.parse(await text(`grading/answers-${s}.json`));
  }
  npz = await fixture("grading/two-layer.npz");
  await loadDefaults(); // the held-out digits the model problem is graded on
});

/** Submits as the instructor (admin token: every result shown) unless `as` says "student" (no token). */
function submitJson(
  payload: string,
  id = "dlfs-ch04",
  query = "",
  as: "instructor" | "student" = "instructor",
): Promise<Response> {
  const auth = as === "instructor" ? ADMIN : {};
  return SELF.fetch(`${BASE}/${id}/submissions${query}`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: payload,
  });
}

function submitWithModel(
  payload: string,
  model: Uint8Array,
  activation = "relu",
  query = "",
  as: "instructor" | "student" = "instructor",
): Promise<Response> {
  const form = new FormData();
  form.set("submission", payload);
  form.set("model", new File([model], "params.npz", { type: "application/octet-stream" }));
  form.set("activation", activation);
  return SELF.fetch(`${BASE}/dlfs-ch04/submissions${query}`, {
    method: "POST",
    body: form,
    headers: as === "instructor" ? ADMIN : {},
  });
}

const byId = (body: any): Record<string, any> => Object.fromEntries(body.problems.map((p: any) => [p.id, p]));

async function gradebook(id = "dlfs-ch04"): Promise<string[][]> {
  const res = await SELF.fetch(`${BASE}/${id}/gradebook.csv`, { headers: ADMIN });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
  return (await res.text())
    .trim()
    .split("\r\n")
    .map((l) => l.split(","));
}

describe("variants", () => {
  it("are the committed documents for alice and bob, stable across requests, and differ between them", async () => {
    for (const s of ["alice", "bob"]) {
      for (let i = 0; i < 2; i++) {
        const res = await SELF.fetch(`${BASE}/dlfs-ch04/variant?student=${s}`);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual(variants[s]);
      }
    }
    const a = variants.alice.problems.map((p: any) => JSON.stringify(p.inputs));
    const b = variants.bob.problems.map((p: any) => JSON.stringify(p.inputs));
    a.forEach((inputs: string, i: number) => {
      if (variants.alice.problems[i].kind !== "model_accuracy") expect(inputs).not.toBe(b[i]);
    });
  });

  it("need a student and a known assignment", async () => {
    expect((await SELF.fetch(`${BASE}/dlfs-ch04/variant`)).status).toBe(422);
    expect((await SELF.fetch(`${BASE}/dlfs-ch04/variant?student=a%20b`)).status).toBe(422);
    const res = await SELF.fetch(`${BASE}/nope/variant?student=alice`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("the book's numpy functions", () => {
  for (const s of ["alice", "bob"]) {
    it(`give ${s} full marks, model included, recorded as attempt 1`, async () => {
      const res = await submitWithModel(answers[s].payloads.correct, npz);
      expect(res.status).toBe(201);
      const body = (await res.json()) as any;
      expect(body).toMatchObject({ assignment: "dlfs-ch04", student: s, attempt: 1, max_score: 14 });
      for (const p of body.problems) expect(p.status, `${p.id}: ${p.feedback}`).toBe("correct");
      expect(body.score).toBe(14);
      expect(byId(body).model.accuracy).toBeGreaterThan(0.96);
    });
  }
});

// One test per mistake (storage is isolated per test, so each is a first attempt).
const MISTAKES = [
  "missing-half",
  "mean-instead-of-half-sum",
  "no-delta",
  "missing-minus",
  "summed-over-batch",
  "label-onehot-confusion",
  "softmax-overflow",
  "softmax-whole-batch",
  "forward-difference",
  "tiny-h",
  "no-restore",
  "integer-input",
  "ascent",
  "default-lr",
  "history-after-step",
  "history-not-copied",
  "no-softmax",
  "sign-flipped",
];

describe("diagnoses through the route", () => {
  it("the list here is the fixtures' list of mistakes, at least ten", () => {
    expect(MISTAKES.length).toBeGreaterThanOrEqual(10);
    expect([...MISTAKES].sort()).toEqual(Object.keys(answers.alice.mistakes).sort());
    expect([...MISTAKES].sort()).toEqual(Object.keys(answers.bob.mistakes).sort());
  });
  for (const s of ["alice", "bob"]) {
    for (const mistake of MISTAKES) {
      it(`${s}: ${mistake}`, async () => {
        const affected = answers[s].mistakes[mistake];
        const res = await submitJson(answers[s].payloads[mistake]);
        expect(res.status).toBe(201);
        const problems = byId(await res.json());
        for (const [id, p] of Object.entries<any>(problems)) {
          if (id === "model") expect(p.status).toBe("missing");
          else if (affected.includes(id)) {
            expect(p.diagnosis?.id, `${id}: ${p.feedback}`).toBe(mistake);
            expect(p.score).toBeLessThan(p.max_score);
            // dlfs-ch04 has no due date, so no expected value is ever shown (it could be copied).
            expect(p).not.toHaveProperty("expected");
          } else expect(p.status, `${id}: ${p.feedback}`).toBe("correct");
        }
      });
    }
  }
});

describe("grading details", () => {
  it("hidden problems never show expected values, in JSON or Gradescope output", async () => {
    const doc = JSON.parse(answers.alice.payloads.correct);
    const hidden = variants.alice.problems.filter((p: any) => p.visibility !== "visible").map((p: any) => p.id);
    expect(hidden).toEqual(["descent_history", "simplenet_dW"]);
    for (const id of hidden) doc.answers[id] = doc.answers[id].map((row: number[]) => row.map((v) => v + 1));
    const res = await submitJson(JSON.stringify(doc), "dlfs-ch04", "?format=gradescope");
    expect(res.status).toBe(201);
    const gs = (await res.json()) as any;
    const tests = Object.fromEntries(gs.tests.map((t: any) => [t.name.split(":")[0], t]));
    for (const id of hidden) {
      const own = variants.alice.problems.find((p: any) => p.id === id).visibility;
      expect(tests[id]).toMatchObject({ status: "failed", visibility: own, score: 0 });
      expect(tests[id].output).not.toMatch(/Expected/);
    }
    // A wrong visible answer shows no expected value before the due date either...
    doc.answers.mse = 123;
    const again = await SELF.fetch(`${BASE}/dlfs-ch04/submissions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...doc, student: "carol" }),
    });
    const mse = byId(await again.json()).mse;
    expect(mse.status).toBe("incorrect");
    expect(mse).not.toHaveProperty("expected");
    // ...unless the assignment is a practice set that says so.
    const practice = {
      title: "practice",
      reveal_expected: "always",
      problems: [
        { id: "m", kind: "mse", points: 1 },
        { id: "h", kind: "mse", points: 1, visibility: "hidden" },
      ],
    };
    const put = await SELF.fetch(`${BASE}/practice`, {
      method: "PUT",
      headers: { ...ADMIN, "content-type": "application/json" },
      body: JSON.stringify(practice),
    });
    expect(put.status).toBe(201);
    const shown = byId(
      await (await submitJson(JSON.stringify({ student: "carol", answers: { m: 123, h: 123 } }), "practice")).json(),
    );
    expect(typeof shown.m.expected).toBe("number");
    expect(shown.h).not.toHaveProperty("expected");
  });

  it("Gradescope results.json: required fields, valid statuses and visibilities, and the scores add up", async () => {
    const res = await submitWithModel(answers.bob.payloads["forward-difference"], npz, "relu", "?format=gradescope");
    expect(res.status).toBe(201);
    const gs = (await res.json()) as any;
    expect(Object.keys(gs).sort()).toEqual([
      "leaderboard",
      "output",
      "output_format",
      "score",
      "stdout_visibility",
      "test_output_format",
      "tests",
      "visibility",
    ]);
    expect(gs.output_format).toBe("md");
    expect(gs.leaderboard).toHaveLength(1);
    expect(gs.leaderboard[0].name).toBe("Accuracy");
    expect(gs.leaderboard[0].value).toBeGreaterThan(0.96);
    expect(gs.tests).toHaveLength(12);
    let sum = 0;
    for (const t of gs.tests) {
      expect(Object.keys(t).sort()).toEqual([
        "max_score",
        "name",
        "number",
        "output",
        "score",
        "status",
        "tags",
        "visibility",
      ]);
      expect(["passed", "failed"]).toContain(t.status);
      expect(["visible", "hidden", "after_due_date", "after_published"]).toContain(t.visibility);
      expect(t.score).toBeGreaterThanOrEqual(0);
      expect(t.score).toBeLessThanOrEqual(t.max_score);
      expect(t.status === "passed").toBe(t.score === t.max_score);
      sum += t.score;
    }
    expect(gs.score).toBeCloseTo(sum, 9);
    expect(gs.score).toBeLessThan(14);
    expect(gs.tests.find((t: any) => t.name.startsWith("numerical_diff")).output).toMatch(/forward difference/);
    expect(gs.tests.find((t: any) => t.name.startsWith("numerical_diff")).tags).toEqual(["forward-difference"]);
  });

  it("NaN and Infinity: Python's json.dumps spellings and strings are read; a NaN answer is wrong, not an error", async () => {
    const payload = answers.alice.payloads.correct
      .replace(/"mse": [^,]+,/, '"mse": NaN,')
      .replace(/"cee": [^,]+,/, '"cee": "-inf",');
    const res = await submitJson(payload);
    expect(res.status).toBe(201);
    const p = byId(await res.json());
    expect(p.mse.status).toBe("incorrect");
    expect(p.mse.feedback).toMatch(/nan where a finite number was expected/);
    expect(p.cee.feedback).toMatch(/-inf where a finite number was expected/);
  });

  it("shape mismatches and partial credit", async () => {
    const doc = JSON.parse(answers.alice.payloads.correct);
    const sm = doc.answers.softmax as number[][];
    doc.answers.softmax = sm[0].map((_, j) => sm.map((row) => row[j])); // transposed
    doc.answers.numerical_gradient = [doc.answers.numerical_gradient[0], 99]; // half right
    doc.answers.descent_x = [doc.answers.descent_x]; // (1, 2) for (2,): taken as meant
    const p = byId(await (await submitJson(JSON.stringify(doc))).json());
    expect(p.softmax).toMatchObject({ status: "incorrect", score: 0 });
    expect(p.softmax.feedback).toMatch(/shape \(2, 4\), got \(4, 2\) \(it looks transposed\)/);
    expect(p.numerical_gradient).toMatchObject({ status: "partial", score: 0.5, elements: { close: 1, total: 2 } });
    expect(p.descent_x.status).toBe("correct");
  });
});

describe("records, limits and the gradebook", () => {
  it("the gradebook shows alice and bob, one column per problem", async () => {
    expect((await submitWithModel(answers.alice.payloads.correct, npz)).status).toBe(201);
    expect((await submitJson(answers.bob.payloads["missing-half"])).status).toBe(201);
    const rows = await gradebook();
    const header = rows[0];
    expect(header).toEqual([
      "student",
      ...variants.alice.problems.map((p: any) => p.id),
      "total",
      "max_score",
      "attempt",
      "attempts",
      "submitted_at",
      "late_days",
      "late_factor",
      "not_counted",
    ]);
    const alice = Object.fromEntries(header.map((h, i) => [h, rows[1][i]]));
    const bob = Object.fromEntries(header.map((h, i) => [h, rows[2][i]]));
    expect(alice).toMatchObject({
      student: "alice",
      mse: "1",
      model: "3",
      total: "14",
      max_score: "14",
      attempt: "1",
      attempts: "1",
    });
    expect(bob).toMatchObject({ student: "bob", mse: "0", cee: "1", model: "0", total: "10", attempts: "1" });
    expect((await SELF.fetch(`${BASE}/dlfs-ch04/gradebook.csv`)).status).toBe(401);
  });

  it("a second submission within the interval is 429 with Retry-After and costs no attempt; a flood records exactly one", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => submitJson(answers.alice.payloads.correct)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 429, 429, 429, 429, 429, 429, 429]);
    const limited = results.find((r) => r.status === 429)!;
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(10);
    expect(limited.headers.get("content-type")).toBe("application/problem+json");
    const rows = await gradebook();
    expect(rows).toHaveLength(2);
    expect(rows[1].slice(-6, -4)).toEqual(["1", "1"]);
    const count = await env.DB.prepare("SELECT COUNT(*) AS n FROM submissions WHERE student = 'alice'").first<{
      n: number;
    }>();
    expect(count?.n).toBe(1);
  });

  it("concurrent submissions under an attempt cap: attempts 1..cap exactly once, the rest 429", async () => {
    const quiz = {
      title: "quiz",
      policy: "latest",
      limits: { min_interval_seconds: 0, max_attempts: 3 },
      problems: [{ id: "mse", kind: "mse", points: 2 }],
    };
    const put = await SELF.fetch(`${BASE}/quiz`, {
      method: "PUT",
      headers: { ...ADMIN, "content-type": "application/json" },
      body: JSON.stringify(quiz),
    });
    expect(put.status).toBe(201);
    const sent = await Promise.all(
      Array.from({ length: 7 }, (_, i) => submitJson(JSON.stringify({ student: "dave", answers: { mse: i } }), "quiz")),
    );
    const ok = sent.filter((r) => r.status === 201);
    expect(ok).toHaveLength(3);
    expect(sent.filter((r) => r.status === 429)).toHaveLength(4);
    const attempts = await Promise.all(ok.map(async (r) => ((await r.json()) as any).attempt));
    expect(attempts.sort()).toEqual([1, 2, 3]);
    const { results } = await env.DB.prepare(
      "SELECT attempt FROM submissions WHERE assignment = 'quiz' ORDER BY attempt",
    ).all<{ attempt: number }>();
    expect(results.map((r) => r.attempt)).toEqual([1, 2, 3]);
    const [header, dave] = await gradebook("quiz");
    const row = Object.fromEntries(header.map((h, i) => [h, dave[i]]));
    // policy "latest": the row is attempt 3, whatever its score.
    expect(row).toMatchObject({ student: "dave", attempt: "3", attempts: "3", max_score: "2" });
  });

  it("malformed submissions cost no attempt", async () => {
    const bad = [
      "{not json",
      JSON.stringify({ student: "erin", answers: { mse: "abc" } }),
      JSON.stringify({ student: "erin", answers: { softmax: [[1, 2], [3]] } }),
      JSON.stringify({ student: "erin", answers: { nope: 1 } }),
      JSON.stringify({ answers: { mse: 1 } }),
    ];
    const statuses = [];
    for (const body of bad) statuses.push((await submitJson(body)).status);
    expect(statuses).toEqual([400, 422, 422, 422, 422]);
    const err = (await (await submitJson(bad[2])).json()) as any;
    expect(err.errors[0].pointer).toBe("/answers/softmax/1");
    const res = await submitJson(JSON.stringify({ student: "erin", answers: { mse: 1 } }));
    expect(res.status).toBe(201);
    expect(((await res.json()) as any).attempt).toBe(1);
  });
});

describe("assignments", () => {
  it("admins PUT assignments; the built-in one is listed and cannot be replaced", async () => {
    const doc = { title: "t", problems: [{ id: "sm", kind: "softmax", points: 1, params: { rows: 3, cols: 5 } }] };
    const noAuth = await SELF.fetch(`${BASE}/t1`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(doc),
    });
    expect(noAuth.status).toBe(401);
    const put = (body: unknown, id = "t1") =>
      SELF.fetch(`${BASE}/${id}`, {
        method: "PUT",
        headers: { ...ADMIN, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await put(doc)).status).toBe(201);
    expect((await put(doc)).status).toBe(200);
    expect((await put(doc, "dlfs-ch04")).status).toBe(409);
    const badParams = await put({ ...doc, problems: [{ id: "sm", kind: "softmax", points: 1, params: { rows: 0 } }] });
    expect(badParams.status).toBe(422);
    expect(((await badParams.json()) as any).errors[0].pointer).toBe("/problems/0/params/rows");
    expect((await put({ ...doc, problems: [{ id: "a", kind: "nope", points: 1 }] })).status).toBe(422);
    // Misspelt keys of the document, of late and of a problem: one 422 naming each, nothing stored.
    const typos = await put(
      {
        ...doc,
        visibility: "hidden",
        late: { mode: "accept", untill: null },
        problems: [{ ...doc.problems[0], poinst: 2 }],
      },
      "t-typos",
    );
    expect(typos.status).toBe(422);
    const typoBody = (await typos.json()) as any;
    expect(typoBody.errors).toEqual([
      { pointer: "/visibility", message: 'unknown field "visibility"' },
      { pointer: "/late/untill", message: 'unknown field "untill"; did you mean "until"?' },
      { pointer: "/problems/0/poinst", message: 'unknown field "poinst"; did you mean "points"?' },
    ]);
    expect(typoBody.detail).toMatch(/^unknown field\(s\) "visibility"; the fields are id, title, /);
    expect((await SELF.fetch(`${BASE}/t-typos`)).status).toBe(404);
    const list = (await (await SELF.fetch(BASE)).json()) as any;
    expect(list.assignments.map((a: any) => a.id)).toEqual(["dlfs-ch04", "t1"]);
    const v = (await (await SELF.fetch(`${BASE}/t1/variant?student=zoe`)).json()) as any;
    expect(v.problems[0].answer_shape).toEqual([3, 5]);
  });

  it("finding 3: after the due date expected values are shown, so later submissions are recorded but cannot raise the grade", async () => {
    const past = new Date(Date.now() - 1.5 * 86_400_000).toISOString();
    const base = {
      title: "late",
      due: past,
      limits: { min_interval_seconds: 0, max_attempts: 10 },
      problems: [{ id: "d", kind: "mse", points: 2, visibility: "after_due_date" }],
    };
    const put = (id: string, late: unknown) =>
      SELF.fetch(`${BASE}/${id}`, {
        method: "PUT",
        headers: { ...ADMIN, "content-type": "application/json" },
        body: JSON.stringify({ ...base, late }),
      });
    expect((await put("pen", { mode: "penalty", penalty_per_day: 0.25 })).status).toBe(201);
    expect((await put("rej", { mode: "reject" })).status).toBe(201);
    // Submit zeros as a student, read the expected value, resubmit it.
    const r1 = (await (
      await submitJson(JSON.stringify({ student: "fay", answers: { d: 1e9 } }), "pen", "", "student")
    ).json()) as any;
    expect(r1.late).toEqual({ late: true, days: 2, factor: 0.5, rejected: false, counts: false });
    expect(r1.problems[0].visibility).toBe("after_due_date");
    expect(typeof r1.problems[0].expected).toBe("number");
    const r2 = (await (
      await submitJson(
        JSON.stringify({ student: "fay", answers: { d: r1.problems[0].expected } }),
        "pen",
        "",
        "student",
      )
    ).json()) as any;
    expect(r2).toMatchObject({ score: 1, max_score: 2, attempt: 2 });
    const [header, fay] = await gradebook("pen");
    const row = Object.fromEntries(header.map((h, i) => [h, fay[i]]));
    expect(row).toMatchObject({ student: "fay", d: "0", total: "0", attempts: "2", not_counted: "2" });
    const rej = await submitJson(JSON.stringify({ student: "fay", answers: { d: 1 } }), "rej", "", "student");
    expect(rej.status).toBe(422);
    const count = await env.DB.prepare("SELECT COUNT(*) AS n FROM submissions WHERE assignment = 'rej'").first<{
      n: number;
    }>();
    expect(count?.n).toBe(0);
  });

  it("late work within late.until counts with the penalty and the late columns; nothing is revealed before it closes", async () => {
    const due = new Date(Date.now() - 1.5 * 86_400_000).toISOString();
    const until = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const doc = {
      title: "window",
      due,
      late: { mode: "penalty", penalty_per_day: 0.25, until },
      limits: { min_interval_seconds: 0, max_attempts: 10 },
      problems: [{ id: "d", kind: "mse", points: 2 }],
    };
    expect(
      (
        await SELF.fetch(`${BASE}/window`, {
          method: "PUT",
          headers: { ...ADMIN, "content-type": "application/json" },
          body: JSON.stringify(doc),
        })
      ).status,
    ).toBe(201);
    const v = (await (await SELF.fetch(`${BASE}/window/variant?student=gil`)).json()) as any;
    const { y, t } = v.problems[0].inputs;
    const mse = 0.5 * y.reduce((s: number, yi: number, i: number) => s + (yi - t[i]) ** 2, 0);
    const wrong = (await (
      await submitJson(JSON.stringify({ student: "gil", answers: { d: 1e9 } }), "window", "", "student")
    ).json()) as any;
    expect(wrong.problems[0]).not.toHaveProperty("expected");
    const right = (await (
      await submitJson(JSON.stringify({ student: "gil", answers: { d: mse } }), "window", "", "student")
    ).json()) as any;
    expect(right).toMatchObject({ score: 1, late: { days: 2, factor: 0.5, counts: true } });
    const [header, gil] = await gradebook("window");
    const row = Object.fromEntries(header.map((h, i) => [h, gil[i]]));
    expect(row).toMatchObject({
      d: "1",
      total: "1",
      attempt: "2",
      late_days: "2",
      late_factor: "0.5",
      not_counted: "0",
    });
  });

  it("a model_accuracy problem scores by thresholds and refuses a file that is not an npz", async () => {
    // Graded on the private grading split (never the public test digits): numpy's accuracy there.
    const numpy = JSON.parse(new TextDecoder().decode(await fixture("formats/grading.json"))).nets.two_layer_relu_f4;
    const low = await fixture("formats/net_two_layer_relu_f4.npz");
    const res = await submitWithModel(answers.alice.payloads.correct, low);
    const model = byId(await res.json()).model;
    expect(model).toMatchObject({ status: "partial", score: 2.25 });
    expect(JSON.stringify(model)).toContain(`on ${numpy.count} held-out digits`);
    expect(Math.abs(model.accuracy - numpy.accuracy)).toBeLessThanOrEqual(2 / numpy.count);
    const bad = await submitWithModel(answers.bob.payloads.correct, new TextEncoder().encode("not a zip"));
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as any).errors[0].pointer).toMatch(/^\/model/);
  });
});
