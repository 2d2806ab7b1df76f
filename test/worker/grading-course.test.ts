import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { KIND_NAMES } from "../../core/grading/kinds";
import { loadDefaults } from "./defaults";
import { fixtureBytes as fixture } from "./reference";

/**
 * Running a course on edgegrad (issue "Grading a real course can trust"): each numbered finding
 * is a test here. The answers are what fixtures/grading/student.py (the book's numpy functions)
 * prints for the committed variants of alice and bob (scripts/grading-fixtures.ts).
 */
const BASE = "http://x/v1/assignments";
const ADMIN = { authorization: "Bearer test-admin-token" };
const JSON_TYPE = { "content-type": "application/json" };

let variants: Record<string, any>;
let payloads: Record<string, Record<string, string>>;
let npz: Uint8Array;

beforeAll(async () => {
  variants = {};
  payloads = {};
  for (const s of ["alice", "bob"]) {
    variants[s] = JSON.parse(new TextDecoder().decode(await fixture(`grading/variant-${s}.json`)));
    payloads[s] = JSON.parse(new TextDecoder().decode(await fixture(`grading/answers-${s}.json`))).payloads;
  }
  npz = await fixture("grading/two-layer.npz");
  await loadDefaults();
});

const put = (id: string, doc: unknown) =>
  SELF.fetch(`${BASE}/${id}`, { method: "PUT", headers: { ...ADMIN, ...JSON_TYPE }, body: JSON.stringify(doc) });
const post = (id: string, body: unknown, headers: Record<string, string> = {}, query = "") =>
  SELF.fetch(`${BASE}/${id}/submissions${query}`, {
    method: "POST",
    headers: { ...JSON_TYPE, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const byId = (body: any): Record<string, any> => Object.fromEntries(body.problems.map((p: any) => [p.id, p]));
const graderToken = async (id: string): Promise<string> =>
  ((await (await SELF.fetch(`${BASE}/${id}/grader-token`, { headers: ADMIN })).json()) as any).token;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** alice's correct answers with one element of the hidden dW changed. */
function oneWrongDw(): any {
  const doc = JSON.parse(payloads.alice.correct);
  doc.answers.simplenet_dW[1][2] += 1;
  return doc;
}

describe("finding 1: hidden results stay hidden", () => {
  it("a student sees no score, status, diagnosis, element counts or wrong element of hidden/after_due_date problems, nor their score in the total", async () => {
    const res = await post("dlfs-ch04", oneWrongDw());
    expect(res.status).toBe(201);
    const body = (await res.json()) as any;
    const p = byId(body);
    for (const id of ["simplenet_dW", "descent_history"]) {
      expect(p[id].status).toBe("withheld");
      for (const key of ["score", "diagnosis", "elements", "expected"]) expect(p[id]).not.toHaveProperty(key);
    }
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/5 of 6/);
    expect(text).not.toMatch(/\[1, 2\]/);
    // Visible: 9 one-point problems correct (no model uploaded); the withheld two are not in the total.
    expect(body).toMatchObject({ score: 9, max_score: 14, withheld: { problems: 2, max_score: 2 } });
  });

  it("the instructor (admin token) sees everything", async () => {
    const p = byId((await (await post("dlfs-ch04", oneWrongDw(), ADMIN)).json()) as any);
    expect(p.simplenet_dW).toMatchObject({ status: "partial", elements: { close: 5, total: 6 } });
    expect(p.simplenet_dW.feedback).toMatch(/5 of 6 .* at \[1, 2\]/);
  });

  it("Gradescope: each visibility maps to its own value, and the total is hidden while a hidden test carries points", async () => {
    const gs = (await (await post("dlfs-ch04", oneWrongDw(), ADMIN, "?format=gradescope")).json()) as any;
    const vis = Object.fromEntries(gs.tests.map((t: any) => [t.name.split(":")[0], t.visibility]));
    expect(vis).toMatchObject({ mse: "visible", descent_history: "after_due_date", simplenet_dW: "hidden" });
    expect(gs.visibility).toBe("after_published");
    // A student asking for Gradescope's format directly gets the released tests only.
    const mine = (await (await post("dlfs-ch04", payloads.bob.correct, {}, "?format=gradescope")).json()) as any;
    expect(mine.tests.map((t: any) => t.visibility)).not.toContain("hidden");
    expect(mine.tests.map((t: any) => t.visibility)).not.toContain("after_due_date");
    expect(mine.score).toBe(9);
  });

  it("released: true shows hidden results to students", async () => {
    expect(
      (
        await put("rel", {
          title: "r",
          released: true,
          problems: [{ id: "m", kind: "mse", points: 1, visibility: "hidden" }],
        })
      ).status,
    ).toBe(201);
    const p = byId((await (await post("rel", { student: "kim", answers: { m: 0 } })).json()) as any);
    expect(p.m.status).toBe("incorrect");
  });
});

describe("finding 3: deadlines hold", () => {
  const past = () => new Date(Date.now() - 1.5 * 86_400_000).toISOString();
  const soon = () => new Date(Date.now() + 3 * 86_400_000).toISOString();
  const doc = () => ({
    title: "hw",
    due: past(),
    limits: { min_interval_seconds: 0, max_attempts: 2 },
    problems: [{ id: "m", kind: "mse", points: 2 }],
  });

  it("an extension lets one student submit on time; the others' late attempts do not count", async () => {
    expect((await put("hw", doc())).status).toBe(201);
    const ext = await SELF.fetch(`${BASE}/hw/extensions/Ann`, {
      method: "PUT",
      headers: { ...ADMIN, ...JSON_TYPE },
      body: JSON.stringify({ due: soon() }),
    });
    expect(ext.status).toBe(200);
    expect(((await ext.json()) as any).student).toBe("ann");
    const ann = (await (await post("hw", { student: "ann", answers: { m: 0 } })).json()) as any;
    expect(ann.late).toMatchObject({ late: false, counts: true });
    expect(ann.problems[0]).not.toHaveProperty("expected");
    const ben = (await (await post("hw", { student: "ben", answers: { m: 0 } })).json()) as any;
    expect(ben.late).toMatchObject({ late: true, days: 2, counts: false });
    expect(typeof ben.problems[0].expected).toBe("number");
    const list = (await (await SELF.fetch(`${BASE}/hw/extensions`, { headers: ADMIN })).json()) as any;
    expect(list.extensions).toEqual([{ student: "ann", due: expect.any(String) }]);
    expect((await SELF.fetch(`${BASE}/hw/extensions/ann`, { method: "DELETE", headers: ADMIN })).status).toBe(204);
    expect(
      (await SELF.fetch(`${BASE}/hw/extensions/ann`, { method: "PUT", body: "{}", headers: JSON_TYPE })).status,
    ).toBe(401);
  });

  it("attempt reset: the limit starts again, the history keeps the voided attempts", async () => {
    expect((await put("hw2", { ...doc(), due: soon() })).status).toBe(201);
    for (let i = 0; i < 2; i++) expect((await post("hw2", { student: "cy", answers: { m: i } })).status).toBe(201);
    expect((await post("hw2", { student: "cy", answers: { m: 2 } })).status).toBe(429);
    const reset = await SELF.fetch(`${BASE}/hw2/students/cy/reset`, { method: "POST", headers: ADMIN });
    expect(((await reset.json()) as any).voided).toBe(2);
    const third = (await (await post("hw2", { student: "cy", answers: { m: 2 } })).json()) as any;
    expect(third.attempt).toBe(3);
    const hist = (await (await SELF.fetch(`${BASE}/hw2/submissions?student=cy`, { headers: ADMIN })).json()) as any;
    expect(hist.attempts.map((a: any) => [a.attempt, a.voided])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
  });

  it("a student's own history needs their token", async () => {
    expect(
      (
        await put("hw3", {
          ...doc(),
          due: soon(),
          problems: [
            { id: "m", kind: "mse", points: 1 },
            { id: "h", kind: "mse", points: 1, visibility: "hidden" },
          ],
        })
      ).status,
    ).toBe(201);
    expect((await post("hw3", { student: "dee", answers: { m: 0, h: 0 } })).status).toBe(201);
    const csv = await (await SELF.fetch(`${BASE}/hw3/tokens.csv?students=dee,eve`, { headers: ADMIN })).text();
    const tokens = Object.fromEntries(
      csv
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => l.split(",")),
    );
    expect((await SELF.fetch(`${BASE}/hw3/submissions?student=dee`)).status).toBe(401);
    expect(
      (await SELF.fetch(`${BASE}/hw3/submissions?student=dee`, { headers: { "x-student-token": tokens.eve } })).status,
    ).toBe(401);
    const own = await SELF.fetch(`${BASE}/hw3/submissions?student=DEE`, { headers: { "x-student-token": tokens.dee } });
    expect(own.status).toBe(200);
    const h = (await own.json()) as any;
    expect(h.attempts).toHaveLength(1);
    expect(h.attempts[0].problems.map((p: any) => p.status)).toEqual(["incorrect", "withheld"]);
    expect(h.attempts[0].problems[1]).not.toHaveProperty("score");
  });

  it("regrade of stored submissions under a changed assignment spends no attempt and keeps the submission time", async () => {
    expect((await put("rg", { ...doc(), due: soon(), problems: [{ id: "m", kind: "mse", points: 2 }] })).status).toBe(
      201,
    );
    const vr = (await (await SELF.fetch(`${BASE}/rg/variant?student=fin`)).json()) as any;
    const yy: number[] = vr.problems[0].inputs.y;
    const tt: number[] = vr.problems[0].inputs.t;
    const mse = 0.5 * yy.reduce((s, yi, i) => s + (yi - tt[i]) ** 2, 0);
    const first = (await (await post("rg", { student: "fin", answers: { m: mse * 1.001 } })).json()) as any;
    expect(first).toMatchObject({ attempt: 1, score: 0 });
    // The instructor loosens the tolerance and doubles the points, then regrades.
    expect(
      (await put("rg", { ...doc(), due: soon(), problems: [{ id: "m", kind: "mse", points: 4, rtol: 0.01 }] })).status,
    ).toBe(200);
    const rg = (await (await SELF.fetch(`${BASE}/rg/regrade`, { method: "POST", headers: ADMIN })).json()) as any;
    expect(rg).toMatchObject({ regraded: 1, next: null });
    const hist = (await (await SELF.fetch(`${BASE}/rg/submissions?student=fin`, { headers: ADMIN })).json()) as any;
    expect(hist.attempts).toHaveLength(1);
    expect(hist.attempts[0]).toMatchObject({ attempt: 1, score: 4, max_score: 4, submitted_at: first.submitted_at });
    expect((await SELF.fetch(`${BASE}/rg/regrade`, { method: "POST" })).status).toBe(401);
  });

  it("DELETE of an assignment (admin) removes it with its submissions; the built-in one stays", async () => {
    expect((await put("gone", doc())).status).toBe(201);
    expect((await post("gone", { student: "gus", answers: { m: 0 } })).status).toBe(201);
    expect((await SELF.fetch(`${BASE}/gone`, { method: "DELETE" })).status).toBe(401);
    expect((await SELF.fetch(`${BASE}/gone`, { method: "DELETE", headers: ADMIN })).status).toBe(204);
    expect((await SELF.fetch(`${BASE}/gone`)).status).toBe(404);
    const n = await env.DB.prepare("SELECT COUNT(*) AS n FROM submissions WHERE assignment = 'gone'").first<{
      n: number;
    }>();
    expect(n?.n).toBe(0);
    expect((await SELF.fetch(`${BASE}/dlfs-ch04`, { method: "DELETE", headers: ADMIN })).status).toBe(409);
  });
});

describe("finding 4: the platform is the identity", () => {
  it("the grader token is scoped to one assignment and opens no admin route", async () => {
    expect((await put("g1", { title: "g1", problems: [{ id: "m", kind: "mse", points: 1 }] })).status).toBe(201);
    expect((await put("g2", { title: "g2", problems: [{ id: "m", kind: "mse", points: 1 }] })).status).toBe(201);
    const t1 = await graderToken("g1");
    expect(t1).toMatch(/^gt_[A-Za-z0-9_-]{22}$/);
    expect((await post("g1", { student: "hal", answers: { m: 0 } }, bearer(t1))).status).toBe(201);
    expect((await post("g2", { student: "hal", answers: { m: 0 } }, bearer(t1))).status).toBe(401);
    expect((await SELF.fetch(`${BASE}/g1/gradebook.csv`, { headers: bearer(t1) })).status).toBe(401);
    expect((await SELF.fetch(`${BASE}/g1/grader-token`, { headers: bearer(t1) })).status).toBe(401);
  });

  it("the original submission time is accepted only from the grader token, and lateness is measured from it", async () => {
    const due = new Date(Date.now() - 86_400_000).toISOString();
    expect(
      (
        await put("gs", {
          title: "gs",
          due,
          late: { mode: "penalty", penalty_per_day: 0.5 },
          problems: [{ id: "m", kind: "mse", points: 1 }],
        })
      ).status,
    ).toBe(201);
    const before = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const anon = await post("gs", { student: "ida", answers: { m: 0 }, submitted_at: before });
    expect(anon.status).toBe(422);
    expect(((await anon.json()) as any).errors[0].pointer).toBe("/submitted_at");
    expect((await post("gs", { student: "ida", answers: { m: 0 }, submitted_at: before }, ADMIN)).status).toBe(422);
    const ok = (await (
      await post(
        "gs",
        { student: "ida", answers: { m: 0 }, submitted_at: before, submission_id: "101" },
        bearer(await graderToken("gs")),
      )
    ).json()) as any;
    expect(ok).toMatchObject({ attempt: 1, submitted_at: before, late: { late: false, counts: true } });
  });

  it("the same platform submission id again is a regrade: same attempt, same lateness, no attempt spent", async () => {
    const due = new Date(Date.now() - 86_400_000).toISOString();
    expect(
      (
        await put("re", {
          title: "re",
          due,
          limits: { min_interval_seconds: 0, max_attempts: 1 },
          problems: [{ id: "m", kind: "mse", points: 1 }],
        })
      ).status,
    ).toBe(201);
    const g = bearer(await graderToken("re"));
    const at = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const first = await post("re", { student: "jo", answers: { m: 0 }, submitted_at: at, submission_id: "77" }, g);
    expect(first.status).toBe(201);
    const again = await post(
      "re",
      { student: "jo", answers: { m: 0 }, submitted_at: new Date().toISOString(), submission_id: "77", regrade: true },
      g,
    );
    expect(again.status).toBe(200);
    expect((await again.json()) as any).toMatchObject({
      attempt: 1,
      regraded: true,
      late: { late: false, counts: true },
    });
    const unknown = await post("re", { student: "jo", answers: { m: 0 }, submission_id: "78", regrade: true }, g);
    expect(unknown.status).toBe(404);
    const n = await env.DB.prepare("SELECT COUNT(*) AS n FROM submissions WHERE assignment = 're'").first<{
      n: number;
    }>();
    expect(n?.n).toBe(1);
  });

  it("finding 6: student ids are normalised (case, whitespace, Unicode NFC): the same variant and the same record", async () => {
    const get = async (s: string) =>
      (await (await SELF.fetch(`${BASE}/dlfs-ch04/variant?student=${encodeURIComponent(s)}`)).json()) as any;
    expect(await get("Alice")).toEqual(variants.alice);
    expect(await get("  ALICE ")).toEqual(variants.alice);
    const decomposed = await get("Jose\u0301");
    expect(decomposed.student).toBe("jos\u00e9");
    expect(decomposed).toEqual(await get("JOS\u00c9"));
    const res = (await (
      await post("dlfs-ch04", { ...JSON.parse(payloads.alice.correct), student: "ALICE" }, ADMIN)
    ).json()) as any;
    expect(res.student).toBe("alice");
    expect(res.score).toBe(11);
  });
});

describe("finding 5: code-graded assignments", () => {
  const code = {
    title: "code",
    mode: "code",
    limits: { min_interval_seconds: 0, max_attempts: 10 },
    problems: [
      { id: "m", kind: "mse", points: 1 },
      { id: "g", kind: "numerical_gradient", points: 1 },
    ],
  };
  it("the grader-only variant needs the grader token and differs from the student's own", async () => {
    expect((await put("code", code)).status).toBe(201);
    expect((await SELF.fetch(`${BASE}/code/grader-variant?student=kay`)).status).toBe(401);
    const own = (await (await SELF.fetch(`${BASE}/code/variant?student=kay`)).json()) as any;
    const graders = (await (
      await SELF.fetch(`${BASE}/code/grader-variant?student=kay`, { headers: bearer(await graderToken("code")) })
    ).json()) as any;
    expect(graders.problems.map((p: any) => p.id)).toEqual(["m", "g"]);
    for (let i = 0; i < 2; i++)
      expect(JSON.stringify(graders.problems[i].inputs)).not.toBe(JSON.stringify(own.problems[i].inputs));
  });

  it("answers computed on the student's own variant (or by the compute routes) are refused; the grader's are graded on the grader's variant", async () => {
    expect((await put("code", code)).status).toBe(201);
    const own = (await (await SELF.fetch(`${BASE}/code/variant?student=kay`)).json()) as any;
    const { y, t } = own.problems[0].inputs;
    const computed = (await (
      await SELF.fetch("http://x/v1/loss/mse", { method: "POST", headers: JSON_TYPE, body: JSON.stringify({ y, t }) })
    ).json()) as any;
    expect((await post("code", { student: "kay", answers: { m: computed.loss } })).status).toBe(401);
    const g = bearer(await graderToken("code"));
    const asOwn = await post("code", { student: "kay", answers: { m: computed.loss } }, g);
    expect(asOwn.status).toBe(422);
    const onGrader = (await (
      await post("code", { student: "kay", answers: { m: computed.loss }, variant: "grader" }, g)
    ).json()) as any;
    expect(byId(onGrader).m.status).toBe("incorrect");
    const gv = (await (await SELF.fetch(`${BASE}/code/grader-variant?student=kay`, { headers: g })).json()) as any;
    const gl = (await (
      await SELF.fetch("http://x/v1/loss/mse", {
        method: "POST",
        headers: JSON_TYPE,
        body: JSON.stringify(gv.problems[0].inputs),
      })
    ).json()) as any;
    const right = (await (
      await post("code", { student: "kay", answers: { m: gl.loss }, variant: "grader" }, g)
    ).json()) as any;
    expect(byId(right).m.status).toBe("correct");
  });
});

describe("finding 6 and 7: smaller things", () => {
  it("assignment params with unknown fields are a 422 naming them, with a did-you-mean", async () => {
    const res = await put("bad", {
      title: "b",
      problems: [{ id: "d", kind: "gradient_descent", points: 1, params: { lr: 0.1, f: "x**2", step_nm: 5 } }],
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as any;
    expect(body.errors.map((e: any) => e.pointer)).toEqual([
      "/problems/0/params/lr",
      "/problems/0/params/f",
      "/problems/0/params/step_nm",
    ]);
    expect(body.errors[2].message).toMatch(/did you mean "step_num"/);
    expect((await SELF.fetch(`${BASE}/bad`)).status).toBe(404);
  });

  it("assignment params are typed per kind: a value out of its bounds is a 422 naming the parameter", async () => {
    const cases: [object, string][] = [
      [{ kind: "softmax", params: { rows: 0 } }, "/problems/0/params/rows"],
      [{ kind: "cross_entropy", params: { target: "onehot" } }, "/problems/0/params/target"],
      [{ kind: "gradient_descent", params: { step_num: 1.5 } }, "/problems/0/params/step_num"],
      [
        { kind: "model_accuracy", params: { thresholds: [{ accuracy: 2, credit: 1 }] } },
        "/problems/0/params/thresholds/0/accuracy",
      ],
    ];
    for (const [problem, pointer] of cases) {
      const res = await put("typed", { title: "t", problems: [{ id: "p", points: 1, ...problem }] });
      expect(res.status, JSON.stringify(problem)).toBe(422);
      expect(((await res.json()) as any).errors[0].pointer, JSON.stringify(problem)).toBe(pointer);
    }
    const unknownKind = await put("typed", { title: "t", problems: [{ id: "p", points: 1, kind: "nope" }] });
    expect(unknownKind.status).toBe(422);
    expect(((await unknownKind.json()) as any).errors[0].pointer).toMatch(/^\/problems\/0/);
  });

  it("the OpenAPI document gives each kind its own parameters, discriminated on kind", async () => {
    const doc = (await (await SELF.fetch("http://x/openapi.json")).json()) as any;
    const schemas = doc.components.schemas;
    const problems = schemas.Assignment.properties.problems.items;
    expect(problems.discriminator.propertyName).toBe("kind");
    const refs = problems.oneOf.map((o: any) => o.$ref.split("/").at(-1));
    expect(refs.map((r: string) => schemas[r].properties.kind.enum ?? [schemas[r].properties.kind.const])).toEqual(
      KIND_NAMES.map((k) => [k]),
    );
    const params = (kind: string) => schemas[`Problem_${kind}`].properties.params;
    expect(Object.keys(params("softmax").properties)).toEqual(["rows", "cols", "base", "spread"]);
    expect(params("gradient_descent").properties.answer.enum).toEqual(["x", "history"]);
    expect(params("numerical_diff").properties).toEqual({});
    for (const kind of KIND_NAMES) expect(params(kind).additionalProperties, kind).toBe(false);
  });

  it("a two-layer net uploaded with the other activation gets a hint", async () => {
    const form = new FormData();
    form.set("submission", payloads.bob.correct);
    form.set("model", new File([npz], "params.npz"));
    form.set("activation", "sigmoid"); // trained with relu
    const model = byId(
      (await (
        await SELF.fetch(`${BASE}/dlfs-ch04/submissions`, { method: "POST", body: form, headers: ADMIN })
      ).json()) as any,
    ).model;
    expect(model.feedback).toMatch(/activation=relu, your network scores 0\.9\d+/);
    expect(model.score).toBeLessThan(3);
  });

  it("PrairieLearn: score in [0, 1] and tests with points; malformed input is gradable: false with format_errors", async () => {
    const pl = (await (
      await post("dlfs-ch04", payloads.alice["missing-half"], ADMIN, "?format=prairielearn")
    ).json()) as any;
    expect(pl.gradable).toBe(true);
    expect(pl.score).toBeCloseTo(8 / 14, 12); // released: 9 visible one-point problems, mse wrong; of all 14 points
    expect(pl.tests).toHaveLength(10); // the two unreleased problems are not listed
    expect(pl.tests.find((t: any) => t.name.startsWith("mse"))).toMatchObject({ points: 0, max_points: 1 });
    const bad = await post("dlfs-ch04", { student: "lee", answers: { mse: "abc" } }, ADMIN, "?format=prairielearn");
    expect(bad.status).toBe(422);
    const body = (await bad.json()) as any;
    expect(body.gradable).toBe(false);
    expect(body.format_errors.join(" ")).toMatch(/\/answers\/mse/);
  });
});
