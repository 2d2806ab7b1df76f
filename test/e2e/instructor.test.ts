/**
 * The instructor's page in headless Chromium against a real `wrangler dev`: a class of 30
 * simulated students answers its own variants of the chapter's problems with the book's numpy
 * functions (fixtures/grading/student.py), some with one classic mistake each, five of them
 * fixing it in a second attempt. The page, given the admin token, must show every mistake's
 * share and the per-problem and per-student numbers exactly as tallied here from the graded
 * responses the students received — in English and, after the language switch, in Korean.
 * The token stays in sessionStorage: no URL the browser asks for carries it.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { en, ko } from "../../core/i18n";
import { launchBrowser, startDevServer } from "./drive.mjs";

declare const document: any;
declare const sessionStorage: any;

const ROOT = join(import.meta.dirname, "..", "..");
const SHOTS = join(ROOT, "screenshots", "tmp");
const STUDENT_PY = join(ROOT, "fixtures", "grading", "student.py");
const ID = "ch04-class";

/** Student i's classic mistake in the first attempt (none: the book's functions as they are). */
const PLAN: (string | null)[] = [
  ...Array(9).fill("missing-half"),
  ...Array(3).fill("mean-instead-of-half-sum"),
  ...Array(4).fill("summed-over-batch"),
  "softmax-overflow",
  "softmax-overflow",
  "no-delta",
  "no-delta",
  "ascent",
  "tiny-h",
  "integer-input",
  "no-softmax",
  ...Array(6).fill(null),
];
/** These students submit again with the mistake fixed. */
const RETRY = new Set([0, 1, 2, 3, 12]);

let server: { base: string; token: string; stop: () => void };
let browser: Browser;
let page: Page;
const responses: any[] = [];
const requested: string[] = [];

async function api(path: string, init: RequestInit = {}): Promise<any> {
  const res = await fetch(`${server.base}${path}`, init);
  const body = await res.json();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

async function submit(student: string, mistake: string | null): Promise<void> {
  const variant = await api(`/v1/assignments/${ID}/variant?student=${student}`);
  const args = mistake ? [STUDENT_PY, "--mistake", mistake] : [STUDENT_PY];
  const payload = execFileSync("python3", args, { input: JSON.stringify(variant), encoding: "utf8" });
  responses.push(
    await api(`/v1/assignments/${ID}/submissions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: payload,
    }),
  );
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startDevServer();
  // The chapter's computed problems, all visible (so each student's response shows every
  // diagnosis), no minimum interval between attempts.
  const builtIn = await api("/v1/assignments/dlfs-ch04");
  const doc = {
    title: "Chapter 4 in class",
    limits: { min_interval_seconds: 0, max_attempts: 10 },
    problems: builtIn.problems
      .filter((p: any) => p.kind !== "model_accuracy")
      .map((p: any) => ({ ...p, visibility: "visible" })),
  };
  await api(`/v1/assignments/${ID}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
    body: JSON.stringify(doc),
  });
  const students = PLAN.map((_, i) => `s${String(i + 1).padStart(2, "0")}`);
  for (const [i, s] of students.entries()) await submit(s, PLAN[i]);
  for (const [i, s] of students.entries()) if (RETRY.has(i)) await submit(s, null);

  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
  context.on("request", (r) => requested.push(r.url()));
  page = await context.newPage();
  await page.goto(`${server.base}/instructor?lang=en`);
  await page.waitForSelector("html[data-ready=true]");
});

afterAll(async () => {
  await browser?.close();
  server?.stop();
});

/** What the responses say, per problem: attempts, students, first-try successes, each diagnosis's students and attempts. */
function tally() {
  const out = new Map<
    string,
    {
      attempts: number;
      students: Set<string>;
      first: Map<string, boolean>;
      mistakes: Map<string, { students: Set<string>; attempts: number }>;
    }
  >();
  for (const r of responses) {
    for (const p of r.problems) {
      if (p.status === "missing") continue;
      const t = out.get(p.id) ?? {
        attempts: 0,
        students: new Set<string>(),
        first: new Map<string, boolean>(),
        mistakes: new Map(),
      };
      out.set(p.id, t);
      t.attempts++;
      t.students.add(r.student);
      if (!t.first.has(r.student)) t.first.set(r.student, p.status === "correct");
      if (p.diagnosis) {
        const m = t.mistakes.get(p.diagnosis.id) ?? { students: new Set<string>(), attempts: 0 };
        t.mistakes.set(p.diagnosis.id, m);
        m.students.add(r.student);
        m.attempts++;
      }
    }
  }
  return out;
}

/** Everything the page shows for each problem, read from its DOM. */
async function shown(p: Page) {
  return p.locator("article.problem").evaluateAll((cards) =>
    cards.map((card) => ({
      id: card.getAttribute("data-problem"),
      facts: Object.fromEntries(
        [...card.querySelectorAll(".fact")].map((f: any) => [
          f.getAttribute("data-field"),
          f.querySelector("dd").firstChild.textContent,
        ]),
      ),
      mistakes: [...card.querySelectorAll("li[data-mistake]")].map((li: any) => ({
        id: li.getAttribute("data-mistake"),
        students: Number(li.getAttribute("data-students")),
        attempts: Number(li.getAttribute("data-attempts")),
        text: li.querySelector(".share-text").textContent,
      })),
    })),
  );
}

const pct = (n: number, of: number, lang: string) =>
  new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 }).format(Math.round((n / of) * 1e4) / 1e4);

async function showInsight(p: Page) {
  await p.fill("#token", server.token);
  await p.selectOption("#assignment", ID);
  await p.click("#ask button[type=submit]");
  await p.waitForSelector(`html[data-loaded="${ID}"]`);
}

describe("the instructor's page", () => {
  it("asks for the token first and keeps it out of every URL", async () => {
    expect(await page.locator("#status").textContent()).toBe(en["instructor.need-token"]);
    await showInsight(page);
    expect(await page.evaluate(() => sessionStorage.getItem("edgegrad.adminToken"))).toBe(server.token);
    expect(requested.some((u) => u.includes(server.token))).toBe(false);
    expect(page.url()).not.toContain(server.token);
  });

  it("shows each diagnosed mistake's share, and every number matches the graded submissions", async () => {
    const expected = tally();
    const cards = await shown(page);
    expect(cards.map((c) => c.id)).toEqual([...expected.keys()]);
    for (const card of cards) {
      const t = expected.get(card.id!)!;
      expect(card.facts.attempts, card.id!).toBe(String(t.attempts));
      expect(card.facts.students, card.id!).toBe(String(t.students.size));
      const firstCorrect = [...t.first.values()].filter(Boolean).length;
      expect(card.facts["first-try"], card.id!).toBe(pct(firstCorrect, t.students.size, "en"));
      expect(card.mistakes.map((m) => m.id).sort(), card.id!).toEqual([...t.mistakes.keys()].sort());
      for (const m of card.mistakes) {
        const want = t.mistakes.get(m.id)!;
        expect(m.students, `${card.id} ${m.id}`).toBe(want.students.size);
        expect(m.attempts, `${card.id} ${m.id}`).toBe(want.attempts);
        expect(
          m.text.startsWith(`${pct(want.students.size, t.students.size, "en")} `),
          `${card.id} ${m.id}: ${m.text}`,
        ).toBe(true);
      }
    }
    // The planted mistakes, as the class made them: 9 of 30 forgot the 0.5 in mean_squared_error.
    const mse = cards.find((c) => c.id === "mse")!;
    expect(mse.mistakes[0]).toMatchObject({
      id: "missing-half",
      students: 9,
      attempts: 9,
      text: `30% ${en["label.mse.missing-half"]}`,
    });
    expect(mse.mistakes[1]).toMatchObject({
      id: "mean-instead-of-half-sum",
      students: 3,
      text: `10% ${en["label.mse.mean-instead-of-half-sum"]}`,
    });
    expect(mse.facts.attempts).toBe("35");
    expect(mse.facts["first-try"]).toBe("60%");
  });

  it("lists every student with attempts and last score as the responses say", async () => {
    const rows = await page.locator("#students tbody tr").evaluateAll((trs) =>
      trs.map((tr: any) => ({
        student: tr.getAttribute("data-student"),
        cells: [...tr.querySelectorAll("td")].map((td: any) => td.textContent),
      })),
    );
    expect(rows).toHaveLength(PLAN.length);
    for (const row of rows) {
      const mine = responses.filter((r) => r.student === row.student);
      const last = mine[mine.length - 1];
      expect(row.cells[0], row.student).toBe(String(mine.length));
      expect(row.cells[1], row.student).toBe(`${last.score} / ${last.max_score}`);
    }
    await page.screenshot({ path: join(SHOTS, "instructor-en.png"), fullPage: true });
  });

  it("switches to Korean: the book's terms in the mistake labels, the same numbers", async () => {
    await page.click('#lang-switch button[data-lang="ko"]');
    await page.waitForFunction(
      () =>
        document.documentElement.lang === "ko" &&
        document.querySelector("article.problem h4")?.textContent === "진단된 실수",
    );
    await page.waitForFunction(
      (label) => [...document.querySelectorAll(".share-text")].some((e: any) => e.textContent.includes(label)),
      ko["label.mse.missing-half"],
    );
    expect(page.url()).toMatch(/[?&]lang=ko\b/);
    expect(await page.locator("h1").textContent()).toBe(ko["instructor.title"]);
    const cards = await shown(page);
    const mse = cards.find((c) => c.id === "mse")!;
    expect(mse.mistakes[0]).toMatchObject({
      id: "missing-half",
      students: 9,
      text: `30%: ${ko["label.mse.missing-half"]}`,
    });
    const cee = cards.find((c) => c.id === "cee_batch_onehot")!;
    expect(cee.mistakes.find((m) => m.id === "summed-over-batch")?.text).toBe(
      `${pct(4, 30, "ko")}: ${ko["label.cross_entropy.summed-over-batch"]}`,
    );
    expect(await page.locator("#summary-h").textContent()).toBe("Chapter 4 in class");
    await page.screenshot({ path: join(SHOTS, "instructor-ko.png"), fullPage: true });
    await page.screenshot({
      path: join(SHOTS, "instructor-ko-top.png"),
      clip: { x: 0, y: 0, width: 1280, height: 1600 },
    });
    expect(requested.some((u) => u.includes(server.token))).toBe(false);
  });

  it("is CSP-friendly: no inline script, style or event handler", () => {
    const html = readFileSync(join(ROOT, "worker", "public", "instructor.html"), "utf8");
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=|\son[a-z]+=/i);
  });
});
