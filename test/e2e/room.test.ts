/**
 * One classroom in headless Chromium against a real `wrangler dev` (its Durable Objects run in
 * the local workerd): a projector page (1920x1080) and 30 phones, each in its own browser
 * context (its own storage, as 30 devices would be). All phones show the teacher's training
 * curve, step for step; 30 drawn digits appear on the projector's wall with the stored model's
 * guesses; the class's learning-rate vote becomes descents side by side; a quiz round is graded
 * live. Light on purpose (two CPU cores): small pads, a 200-step run, nothing else running.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drawStrokes, launchBrowser, ONE, startDevServer } from "./drive.mjs";

declare const document: any;
declare const getComputedStyle: any;

const SHOTS = join(import.meta.dirname, "..", "..", "screenshots", "tmp");
const PHONES = 30;
const LONG = 900_000;

/** A "0" as a closed loop, for every other phone (the wall then holds two kinds of digit). */
const ZERO: [number, number][][] = [
  Array.from({ length: 25 }, (_, i): [number, number] => {
    const a = (2 * Math.PI * i) / 24;
    return [0.5 + 0.2 * Math.sin(a), 0.5 - 0.3 * Math.cos(a)];
  }),
];

let server: { base: string; token: string; stop: () => void };
let browser: Browser;
let projector: Page;
let code: string;
const phones: Page[] = [];
const contexts: BrowserContext[] = [];
const requested: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startDevServer();
  browser = await launchBrowser();
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  ctx.on("request", (r) => requested.push(r.url()));
  contexts.push(ctx);
  projector = await ctx.newPage();
  await projector.goto(`${server.base}/projector`);
  await projector.waitForSelector("html[data-ready=true]");
  await projector.click("#open-room");
  await projector.waitForFunction(() => /^[A-Z2-9]{6}$/.test(document.getElementById("room-code")?.textContent ?? ""));
  code = (await projector.textContent("#room-code"))!;
  for (let i = 0; i < PHONES; i++) {
    const phone = await browser.newContext({ viewport: { width: 390, height: 760 } });
    phone.on("request", (r) => requested.push(r.url()));
    contexts.push(phone);
    const p = await phone.newPage();
    await p.goto(`${server.base}/room?code=${code}`);
    await p.waitForSelector("body[data-seat]");
    phones.push(p);
  }
}, LONG);

afterAll(async () => {
  await browser?.close();
  server?.stop();
});

const seats = () => Promise.all(phones.map((p) => p.getAttribute("body", "data-seat").then(Number)));

describe("a room of 30 phones", () => {
  it(
    "every phone joined by the code with its own seat; the projector counts them and shows the code as a QR code",
    async () => {
      expect(new Set(await seats()).size).toBe(PHONES);
      await projector.waitForFunction(
        (n) => Number(document.getElementById("presence").dataset.connected) === n,
        PHONES,
      );
      expect(Number(await projector.getAttribute("#qr", "data-version"))).toBeGreaterThanOrEqual(1);
      expect(await projector.locator("#qr path.qr-dark").count()).toBe(1);
    },
    LONG,
  );

  it(
    "all phones show the teacher's training curve: the same points up to the same step",
    async () => {
      await projector.fill("#train-steps", "200");
      await projector.selectOption("#pace", "200");
      await projector.click("#train-start");
      await projector.waitForFunction(() => Number(document.getElementById("train-chart-loss")?.dataset.count) >= 3);
      await projector.screenshot({ path: join(SHOTS, "room-projector-training-running.png") });
      await projector.waitForFunction(() => document.getElementById("train-chart").dataset.state === "done", null, {
        timeout: LONG,
      });
      const count = Number(await projector.getAttribute("#train-chart-loss", "data-count"));
      const step = Number(await projector.getAttribute("#train-chart-loss", "data-step"));
      const status = (await projector.textContent("#train-status"))!;
      expect(step).toBe(200);
      expect(count).toBeGreaterThan(50);
      expect(status).toMatch(/^Step 200 of 200 · loss \d.*test accuracy \d+\.\d% · done$/);
      for (const p of phones) {
        await p.waitForFunction(() => document.getElementById("train-chart").dataset.state === "done", null, {
          timeout: LONG,
        });
        expect(Number(await p.getAttribute("#train-chart-loss", "data-count"))).toBe(count);
        expect(await p.textContent("#train-status")).toBe(status);
      }
      await projector.screenshot({ path: join(SHOTS, "room-projector-training-1920x1080.png") });
      await phones[0].screenshot({ path: join(SHOTS, "room-phone-training.png") });
    },
    LONG,
  );

  it(
    "a phone that reloads gets its seat back and the curve so far",
    async () => {
      const p = phones[7];
      const seat = await p.getAttribute("body", "data-seat");
      await p.reload();
      await p.waitForSelector("body[data-seat]");
      expect(await p.getAttribute("body", "data-seat")).toBe(seat);
      await p.waitForFunction(() => document.getElementById("train-chart").dataset.state === "done");
      expect(await p.textContent("#train-status")).toBe(await projector.textContent("#train-status"));
    },
    LONG,
  );

  it(
    "30 drawn digits appear on the wall with the net's guesses and the class's accuracy",
    async () => {
      await projector.click(".modes [data-mode=wall]");
      for (const [i, p] of phones.entries()) {
        const label = i % 2 === 0 ? 1 : 0;
        await drawStrokes(p, label === 1 ? ONE : ZERO);
        await p.click(`#label-buttons [data-label="${label}"]`);
        await p.click("#send-digit");
      }
      for (const p of phones)
        await p.waitForFunction(() => document.getElementById("digit-result").dataset.guess !== undefined);
      await projector.waitForFunction((n) => document.querySelectorAll("#wall li").length === n, PHONES, {
        timeout: LONG,
      });
      const tiles = await projector
        .locator("#wall li")
        .evaluateAll((lis) => lis.map((li) => [Number(li.dataset.seat), li.textContent]));
      expect(tiles.map(([s]) => s).sort((a, b) => a - b)).toEqual((await seats()).sort((a, b) => a - b));
      // each tile says what its phone was told: drew d -> the net's guess
      for (const [i, p] of phones.entries()) {
        const seat = Number(await p.getAttribute("body", "data-seat"));
        const guess = await p.getAttribute("#digit-result", "data-guess");
        const tile = tiles.find(([s]) => s === seat)![1];
        expect(tile).toMatch(new RegExp(`^${i % 2 === 0 ? 1 : 0} → ${guess} [✓✗]$`));
      }
      const right = tiles.filter(([, t]) => t.endsWith("✓")).length;
      expect(await projector.textContent("#accuracy")).toBe(
        `The net got ${right} of the class's ${PHONES} digits right: ${((100 * right) / PHONES).toFixed(0)}%`,
      );
      // the teacher's own pad is at least 600 px wide on the projector
      const pad = (await projector.locator("#pad").boundingBox())!;
      expect(pad.width).toBeGreaterThanOrEqual(600);
      await drawStrokes(projector, ONE);
      await projector.waitForFunction(() => document.getElementById("pad-answer").dataset.label !== undefined);
      expect(Number(await projector.getAttribute("#pad-answer", "data-label"))).toBe(1);
      await projector.screenshot({ path: join(SHOTS, "room-projector-wall-1920x1080.png") });
      await phones[1].screenshot({ path: join(SHOTS, "room-phone-digit.png") });
    },
    LONG,
  );

  it(
    "a vote on the learning rate produces the descents side by side: 10 diverges, 0.1 converges, 1e-10 stalls",
    async () => {
      await projector.click(".modes [data-mode=vote]");
      await projector.selectOption("#pace", "50");
      await projector.click("#vote-open");
      // choices are 10, 1, 0.1, 0.01, 1e-10: the class picks the book's three
      const picks = [0, 2, 4];
      for (const [i, p] of phones.entries()) {
        const choice = picks[i % 3];
        await p.waitForSelector(`#vote-choices [data-choice="${choice}"]:not([disabled])`);
        await p.click(`#vote-choices [data-choice="${choice}"]`);
      }
      await projector.waitForFunction((n) => Number(document.getElementById("vote-bars").dataset.total) === n, PHONES, {
        timeout: LONG,
      });
      expect(
        await projector.locator("#vote-bars li").evaluateAll((lis) => lis.map((li) => Number(li.dataset.count))),
      ).toEqual([10, 0, 10, 0, 10]);
      await projector.click("#vote-close");
      await projector.waitForFunction(() => document.querySelectorAll("#descents figure").length === 3);
      await projector.waitForFunction(() =>
        [...document.querySelectorAll("#descents figure")].some((f) => f.dataset.verdict === "running"),
      );
      await projector.screenshot({ path: join(SHOTS, "room-projector-vote-running.png") });
      await projector.waitForFunction(
        () => [...document.querySelectorAll("#descents figure")].every((f) => f.dataset.verdict !== "running"),
        null,
        { timeout: LONG },
      );
      const panels = await projector
        .locator("#descents figure")
        .evaluateAll((fs) => fs.map((f) => [f.dataset.lr, f.dataset.verdict, Number(f.dataset.steps)]));
      expect(panels).toEqual([
        ["10", "diverged", 100],
        ["0.1", "converged", 100],
        ["1e-10", "stalled", 100],
      ]);
      // side by side: one row, left to right
      const boxes = await projector
        .locator("#descents figure")
        .evaluateAll((fs) => fs.map((f) => f.getBoundingClientRect().top));
      expect(new Set(boxes.map(Math.round)).size).toBe(1);
      await projector.screenshot({ path: join(SHOTS, "room-projector-vote-1920x1080.png") });
      for (const p of phones.slice(0, 3))
        await p.waitForFunction(() =>
          /^Closed\. Votes: lr = 10: 10/.test(document.getElementById("vote-status").textContent),
        );
      await phones[2].screenshot({ path: join(SHOTS, "room-phone-vote.png") });
    },
    LONG,
  );

  it(
    "a quiz round: answers graded live, mistakes counted on the projector without names",
    async () => {
      await projector.click(".modes [data-mode=quiz]");
      await projector.selectOption("#quiz-problem", "mse");
      await projector.click("#quiz-open");
      const few = phones.slice(0, 4);
      for (const p of few)
        await p.waitForFunction(() =>
          document.getElementById("quiz-statement").textContent.startsWith("Compute mean_squared_error"),
        );
      const inputs = (await few[0].textContent("#quiz-inputs"))!;
      const y = JSON.parse(inputs.match(/^y = (.*)$/m)![1]) as number[];
      const t = JSON.parse(inputs.match(/^t = (.*)$/m)![1]) as number[];
      // the book's mean_squared_error, 0.5 * np.sum((y - t)**2), and the classic slip without the 0.5
      const sq = y.reduce((s, v, k) => s + (v - t[k]) ** 2, 0);
      for (const [i, p] of few.entries()) {
        await p.fill("#quiz-answer", String(i < 2 ? 0.5 * sq : sq));
        await p.click("#quiz-form button[type=submit]");
        await p.waitForFunction(() => document.getElementById("quiz-result").dataset.status !== undefined);
      }
      await projector.waitForFunction(() => Number(document.getElementById("quiz-tally").dataset.answered) === 4);
      expect(await projector.textContent("#quiz-tally")).toBe("4 answered: 2 correct, 2 not yet");
      expect(await projector.locator("#quiz-mistakes li").allTextContents()).toEqual([
        "2 × forgot the 0.5 in mean_squared_error",
      ]);
      await projector.screenshot({ path: join(SHOTS, "room-projector-quiz-1920x1080.png") });
      await few[3].screenshot({ path: join(SHOTS, "room-phone-quiz.png") });
      // a phone reading Korean (?lang=ko) joins late: its page and the round's statement are in Korean
      const ko = await browser.newContext({ viewport: { width: 390, height: 760 } });
      ko.on("request", (r) => requested.push(r.url()));
      contexts.push(ko);
      const kp = await ko.newPage();
      await kp.goto(`${server.base}/room?code=${code}&lang=ko`);
      await kp.waitForSelector("body[data-seat]");
      await kp.waitForFunction(() => /[\uac00-\ud7a3]/.test(document.getElementById("quiz-statement").textContent));
      expect(await kp.textContent("#draw-h")).toBe("벽에 올릴 숫자를 그려 보세요");
      expect(await kp.getAttribute("html", "lang")).toBe("ko");
      await kp.screenshot({ path: join(SHOTS, "room-phone-quiz-ko.png"), fullPage: true });
    },
    LONG,
  );

  it(
    "the projector switched to Korean keeps the room and says everything in Korean",
    async () => {
      await projector.click('#lang-switch button[data-lang="ko"]');
      // the page reloads in Korean and joins the same room again as its teacher
      await projector.waitForFunction(() => document.documentElement.lang === "ko" && document.body.dataset.room);
      await projector.waitForFunction(() => Number(document.getElementById("quiz-tally").dataset.answered) === 4);
      expect(new URL(projector.url()).searchParams.get("lang")).toBe("ko");
      expect(await projector.textContent("#room-code")).toBe(code);
      const text = (id: string) => projector.textContent(`#${id}`).then((s) => s!.trim());
      expect(await text("join-text")).toBe(
        `휴대폰에서 ${new URL(server.base).host}/room에 접속해 코드를 입력하세요: ${code}`,
      );
      expect(await text("presence")).toBe(`휴대폰 ${PHONES + 1}대 연결됨`);
      expect(await projector.locator(".modes [data-mode]").allTextContents()).toEqual([
        "학습",
        "숫자 벽",
        "학습률 투표",
        "퀴즈",
      ]);
      expect(await text("train-status")).toMatch(/^200단계 중 200단계 · 손실 \d.*· 끝$/);
      expect(await projector.getAttribute("#train-chart", "aria-label")).toMatch(
        /^학습 곡선: 200단계 중 200단계, 손실 함수 값 /,
      );
      const right = await projector.locator("#wall li.right").count();
      expect(await text("accuracy")).toBe(
        `신경망이 우리 반의 숫자 ${PHONES}개 중 ${right}개를 맞혔습니다: ${((100 * right) / PHONES).toFixed(0)}%`,
      );
      expect(await text("quiz-tally")).toBe("4명 답함: 정답 2명, 아직 2명");
      expect(await projector.locator("#quiz-mistakes li").allTextContents()).toEqual([
        "2 × 평균 제곱 오차에서 0.5를 빠뜨림",
      ]);
      expect(await text("quiz-statement")).toMatch(/평균 제곱 오차/);
      expect(await text("vote-h")).toBe("어떤 학습률로 할까요? f(x) = x[0]² + x[1]², (−3, 4)에서 시작, 100단계");
      await projector.click(".modes [data-mode=wall]");
      await projector.screenshot({ path: join(SHOTS, "room-projector-wall-ko-1920x1080.png") });
      await projector.click(".modes [data-mode=quiz]");
      await projector.screenshot({ path: join(SHOTS, "room-projector-quiz-ko-1920x1080.png") });
    },
    LONG,
  );

  it(
    "at 1280x720 the projector keeps text at 20 px or more, and no request left the host",
    async () => {
      await projector.setViewportSize({ width: 1280, height: 720 });
      await projector.click(".modes [data-mode=train]");
      const small = await projector.evaluate(() => {
        const sizes: number[] = [];
        for (const el of document.querySelectorAll("body *")) {
          if (el.closest("[hidden]") || !el.childNodes.length) continue;
          const own = [...el.childNodes].some((n: any) => n.nodeType === 3 && n.textContent.trim());
          if (!own) continue;
          const r = el.getBoundingClientRect();
          if (!r.width) continue;
          // SVG text: its font size times the picture's scale on screen
          const svg = el.closest("svg");
          const scale = svg ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 1;
          sizes.push(parseFloat(getComputedStyle(el).fontSize) * scale);
        }
        return Math.min(...sizes);
      });
      expect(small).toBeGreaterThanOrEqual(20);
      await projector.screenshot({ path: join(SHOTS, "room-projector-training-1280x720.png") });
      const foreign = requested.filter((u) => !["127.0.0.1", "localhost", "[::1]"].includes(new URL(u).hostname));
      expect(foreign).toEqual([]);
    },
    LONG,
  );
});
