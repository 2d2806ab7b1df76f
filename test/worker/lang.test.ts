import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { KINDS } from "../../core/grading/kinds";
import { en, ko } from "../../core/i18n";

/**
 * Learners' words in the request's language: `?lang=ko|en` wins over Accept-Language, then
 * English. Feedback, diagnoses, statements, problem+json details and field messages, and the
 * descent verdict; every response says its language in Content-Language.
 */
const BASE = "http://x/v1/assignments";
const HANGUL = /[\uac00-\ud7a3]/;

async function mseVariant(student: string, query = "", headers: Record<string, string> = {}) {
  const res = await SELF.fetch(`${BASE}/dlfs-ch04/variant?student=${student}${query}`, { headers });
  return { res, body: (await res.json()) as any };
}

describe("choosing the language", () => {
  it("?lang=ko, Accept-Language: ko-KR, and ?lang=en over Accept-Language: ko", async () => {
    const cases: [string, Record<string, string>, "en" | "ko"][] = [
      ["&lang=ko", {}, "ko"],
      ["", { "accept-language": "ko-KR,ko;q=0.9,en;q=0.5" }, "ko"],
      ["&lang=en", { "accept-language": "ko" }, "en"],
      ["", { "accept-language": "fr, de" }, "en"],
      ["", {}, "en"],
    ];
    for (const [query, headers, lang] of cases) {
      const { res, body } = await mseVariant("lang-a", query, headers);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-language"), query + JSON.stringify(headers)).toBe(lang);
      expect(res.headers.get("vary") ?? "").toMatch(/accept-language/i);
      const mse = body.problems.find((p: any) => p.id === "mse");
      if (lang === "ko") {
        expect(mse.statement).toContain("평균 제곱 오차");
        expect(mse.title).toBe(ko["assignment.dlfs-ch04.mse"]);
      } else {
        expect(mse.statement).toMatch(/^Compute mean_squared_error/);
        expect(mse.title).toBe(en["assignment.dlfs-ch04.mse"]);
      }
    }
  });

  it("does not change the inputs: only the words differ", async () => {
    const a = await mseVariant("lang-b", "&lang=en");
    const b = await mseVariant("lang-b", "&lang=ko");
    expect(b.body.problems.map((p: any) => p.inputs)).toEqual(a.body.problems.map((p: any) => p.inputs));
  });
});

describe("feedback and diagnoses in Korean", () => {
  it("names the classic mistake in Korean with the book's terms", async () => {
    const { body: variant } = await mseVariant("lang-c");
    const mse = variant.problems.find((p: any) => p.id === "mse");
    const wrong = KINDS.get("mse")!
      .mistakes(mse.inputs)
      .find((m) => m.id === "missing-half")!.value.data[0];
    const submit = (query: string) =>
      SELF.fetch(`${BASE}/dlfs-ch04/submissions${query}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ student: "lang-c", answers: { mse: wrong } }),
      });
    const res = await submit("?lang=ko");
    expect(res.status).toBe(201);
    expect(res.headers.get("content-language")).toBe("ko");
    const body: any = await res.json();
    const p = body.problems.find((r: any) => r.id === "mse");
    expect(p.diagnosis).toEqual({ id: "missing-half", message: ko["mistake.mse.missing-half"] });
    expect(p.feedback.startsWith(ko["mistake.mse.missing-half"])).toBe(true);
    expect(p.feedback).toContain("허용 오차를 벗어난 값");
    expect(p.title).toBe(ko["assignment.dlfs-ch04.mse"]);
    const missing = body.problems.find((r: any) => r.id === "cee");
    expect(missing.feedback).toBe(ko["grade.missing"]);
    const model = body.problems.find((r: any) => r.id === "model");
    expect(model.feedback).toMatch(HANGUL);
  });

  it("writes Gradescope's results.json in Korean too", async () => {
    const res = await SELF.fetch(`${BASE}/dlfs-ch04/submissions?format=gradescope&lang=ko`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ student: "lang-d", answers: { mse: 0 } }),
    });
    expect(res.status).toBe(201);
    const body: any = await res.json();
    // A student asking directly: the two withheld problems are left out, and the output says so.
    expect(body.output).toMatch(
      /^edgegrad: 밑바닥부터 시작하는 딥러닝 4장: 신경망 학습\. 학생 lang-d, 1번째 제출\.\n\n2개 문제는 채점되었지만/,
    );
    expect(body.tests.find((t: any) => t.name.startsWith("cee:")).output).toBe(ko["grade.missing"]);
  });
});

describe("problem+json in Korean", () => {
  it("translates title, detail and the field messages of the route's own checks", async () => {
    const res = await SELF.fetch(`${BASE}/dlfs-ch04/submissions?lang=ko`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ student: "lang-e", answers: { mse: [1, [2]] } }),
    });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("content-language")).toBe("ko");
    const body: any = await res.json();
    expect(body.title).toBe(ko["title.422"]);
    expect(body.errors[0].pointer).toBe("/answers/mse/1");
    expect(body.errors[0].message).toBe('수(또는 "nan"/"inf")가 필요한데 받은 값은 리스트입니다');
    expect(body.detail).toBe(`/answers/mse/1: ${body.errors[0].message}`);
  });

  it("translates array checks and zod's own issues on the compute routes", async () => {
    const post = (path: string, body: unknown, query = "?lang=ko") =>
      SELF.fetch(`http://x/v1/${path}${query}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const ragged: any = await (
      await post("loss/mse", {
        y: [[1, 2], [3]],
        t: [
          [1, 2],
          [3, 4],
        ],
      })
    ).json();
    expect(ragged.errors[0]).toEqual({
      pointer: "/y/1",
      message: "행의 길이가 다릅니다: 이 행의 원소는 1개, 첫 행은 2개입니다",
    });
    const missing: any = await (await post("loss/mse", { y: [1, 2] })).json();
    expect(missing.errors[0]).toEqual({ pointer: "/t", message: ko["error.required"] });
    const lr: any = await (await post("descent", { f: "x[0]**2", init: [1], lr: "big" })).json();
    expect(lr.errors[0].pointer).toBe("/lr");
    expect(lr.errors[0].message).toBe("잘못된 입력: 필요한 형식은 수, 받은 값은 문자열입니다");
    const english: any = await (await post("descent", { f: "x[0]**2", init: [1], lr: "big" }, "")).json();
    expect(english.errors[0].message).toBe("Invalid input: expected number, received string");
  });

  it("translates 401s and unknown routes", async () => {
    const res = await SELF.fetch(`${BASE}/dlfs-ch04/gradebook.csv`, { headers: { "accept-language": "ko" } });
    expect(res.status).toBe(401);
    const body: any = await res.json();
    expect(body).toMatchObject({ title: ko["title.401"], detail: ko["error.auth-missing"] });
    const none: any = await (await SELF.fetch("http://x/v1/nope?lang=ko")).json();
    expect(none.detail).toBe("GET /v1/nope 경로는 없습니다. API는 /docs를 보세요");
  });
});

describe("the descent verdict", () => {
  it("says in Korean that lr = 10 diverges (the book's figure)", async () => {
    const res = await SELF.fetch("http://x/v1/descent?lang=ko", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ f: "x[0]**2 + x[1]**2", init: [-3, 4], lr: 10, steps: 100 }),
    });
    const body: any = await res.json();
    expect(body.diverged).toBe(true);
    expect(body.message).toMatch(/^발산했습니다: lr = 10에서는/);
    expect(body.message).toContain("학습률");
  });
});

describe("OpenAPI", () => {
  it("documents ?lang= and Accept-Language on every /v1 operation, and Content-Language on its responses", async () => {
    const doc: any = await (await SELF.fetch("http://x/openapi.json")).json();
    expect(doc.components.parameters.lang).toMatchObject({ in: "query", schema: { enum: ["en", "ko"] } });
    expect(doc.components.parameters["Accept-Language"]).toMatchObject({ in: "header" });
    let operations = 0;
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      if (!path.startsWith("/v1/")) continue;
      for (const op of Object.values<any>(item)) {
        operations++;
        expect(op.parameters, path).toContainEqual({ $ref: "#/components/parameters/lang" });
        expect(op.parameters, path).toContainEqual({ $ref: "#/components/parameters/Accept-Language" });
        for (const r of Object.values<any>(op.responses)) expect(r.headers["Content-Language"], path).toBeDefined();
      }
    }
    expect(operations).toBeGreaterThan(15);
    expect(doc.paths["/v1/assignments/{id}/insights"].get.security).toEqual([{ bearer: [] }]);
  });
});
