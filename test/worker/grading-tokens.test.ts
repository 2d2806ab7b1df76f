import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * Assignments with `submissions: "token"`: only the student's own token (from the admin's
 * tokens.csv) or the admin token may submit for them, so nobody can spend another student's
 * attempts; a refused submission is not recorded.
 */
const BASE = "http://x/v1/assignments";
const ADMIN = { authorization: "Bearer test-admin-token" };
const doc = {
  title: "locked",
  submissions: "token",
  limits: { min_interval_seconds: 0, max_attempts: 5 },
  problems: [{ id: "m", kind: "mse", points: 1 }],
};

const submit = (student: string, headers: Record<string, string> = {}) =>
  SELF.fetch(`${BASE}/locked/submissions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ student, answers: { m: 0 } }),
  });

const recorded = async (student: string) =>
  (
    await env.DB.prepare("SELECT COUNT(*) AS n FROM submissions WHERE assignment = 'locked' AND student = ?")
      .bind(student)
      .first<{ n: number }>()
  )?.n;

let tokens: Record<string, string>;

beforeAll(async () => {
  expect(
    (
      await SELF.fetch(`${BASE}/locked`, {
        method: "PUT",
        headers: { ...ADMIN, "content-type": "application/json" },
        body: JSON.stringify(doc),
      })
    ).status,
  ).toBe(201);
  const res = await SELF.fetch(`${BASE}/locked/tokens.csv?students=alice,bob`, { headers: ADMIN });
  expect(res.status).toBe(200);
  const text = await res.text();
  expect(text).not.toContain("\r"); // finding 6: tokens.csv had CRLF line ends
  const lines = text.trim().split("\n");
  expect(lines[0]).toBe("student,token");
  tokens = Object.fromEntries(lines.slice(1).map((l) => l.split(",")));
});

describe("submission tokens", () => {
  it("gives each student a different, stable token", async () => {
    expect(tokens.alice).toMatch(/^st_[A-Za-z0-9_-]{22}$/);
    expect(tokens.bob).not.toBe(tokens.alice);
    const again = await (await SELF.fetch(`${BASE}/locked/tokens.csv?students=alice`, { headers: ADMIN })).text();
    expect(again).toContain(`alice,${tokens.alice}`);
  });

  it("refuses a submission without a token, with another student's, or a made-up one, recording nothing", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { "x-student-token": tokens.bob },
      { "x-student-token": "st_" + "A".repeat(22) },
      { authorization: "Bearer nope" },
    ];
    for (const headers of attempts) {
      const res = await submit("alice", headers);
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(await res.text()).not.toContain(tokens.alice);
    }
    expect(await recorded("alice")).toBe(0);
  });

  it("accepts the student's own token and the admin token (a course autograder)", async () => {
    expect((await submit("alice", { "x-student-token": tokens.alice })).status).toBe(201);
    expect((await submit("bob", ADMIN)).status).toBe(201);
    expect(await recorded("alice")).toBe(1);
    expect(await recorded("bob")).toBe(1);
  });

  it("open assignments (the default, e.g. dlfs-ch04) need no token", async () => {
    const res = await SELF.fetch(`${BASE}/dlfs-ch04/submissions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ student: "tokenless", answers: { mse: 0 } }),
    });
    expect(res.status).toBe(201);
  });
});

describe("malformed submissions cost no attempt", () => {
  it("a JSON body without answers is a 422 naming /answers, and nothing is recorded", async () => {
    const res = await SELF.fetch(`${BASE}/dlfs-ch04/submissions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ student: "no-answers" }),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: { pointer: string }[] }).errors[0].pointer).toBe("/answers");
    const n = await env.DB.prepare("SELECT COUNT(*) AS n FROM submissions WHERE student = 'no-answers'").first<{
      n: number;
    }>();
    expect(n?.n).toBe(0);
  });
});

describe("limits", () => {
  it("an assignment that states no limits gets the default: one graded submission per 10 s", async () => {
    const doc = { title: "defaults", problems: [{ id: "m", kind: "mse", points: 1 }] };
    expect(
      (
        await SELF.fetch(`${BASE}/defaults`, {
          method: "PUT",
          headers: { ...ADMIN, "content-type": "application/json" },
          body: JSON.stringify(doc),
        })
      ).status,
    ).toBe(201);
    const send = () =>
      SELF.fetch(`${BASE}/defaults/submissions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ student: "dana", answers: { m: 0 } }),
      });
    expect((await send()).status).toBe(201);
    const again = await send();
    expect(again.status).toBe(429);
    expect(Number(again.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
