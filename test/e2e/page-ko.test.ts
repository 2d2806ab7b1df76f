/**
 * The classroom page in Korean, in headless Chromium against a real `wrangler dev`: ?lang=ko
 * (or the switch) puts every extracted text of the page in Korean from core/i18n/ko.ts, and the
 * API's own words on the page (the descent verdict) follow, since the page asks in Korean.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { en, ko } from "../../core/i18n";
import { launchBrowser, startDevServer } from "./drive.mjs";

declare const document: any;

const SHOTS = join(import.meta.dirname, "..", "..", "screenshots", "tmp");

let server: { base: string; token: string; stop: () => void };
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startDevServer();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
  page = await context.newPage();
  await page.goto(`${server.base}/?lang=ko`);
  await page.waitForSelector("html[data-ready=true]");
  await page.waitForSelector("#model[data-loaded=true]");
});

afterAll(async () => {
  await browser?.close();
  server?.stop();
});

const texts = (p: Page) =>
  p.locator("[data-i18n]").evaluateAll((els) => els.map((e: any) => [e.getAttribute("data-i18n"), e.textContent]));

describe("the classroom page in Korean", () => {
  it("shows every extracted text from the Korean catalogue", async () => {
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("ko");
    const shown = await texts(page);
    expect(shown.length).toBeGreaterThan(50);
    for (const [key, value] of shown) {
      if (key === "page.digit.prompt" || key === "page.train-ready") continue; // live outputs, rewritten by the panels
      expect(value, key).toBe(ko[key as keyof typeof ko]);
    }
    expect(await page.locator("h1").textContent()).toBe("신경망 학습, 눈으로 보기");
    expect(await page.locator("#loss dt").first().textContent()).toContain("평균 제곱 오차");
  });

  it("asks the API in Korean: the descent verdict and its message read in Korean", async () => {
    await page.click("#lr-big");
    await page.waitForFunction(() => document.getElementById("descent-verdict").dataset.verdict === "diverged");
    await page.waitForFunction(() => document.getElementById("descent-message").textContent.startsWith("발산했습니다"));
    expect(await page.locator("#descent-verdict").textContent()).toBe(ko["page.verdict.diverged"]);
    expect(await page.locator("#descent-message").textContent()).toMatch(/학습률을 더 작게 해 보세요\.$/);
    await page.click("#lr-book");
    await page.waitForFunction(() => document.getElementById("descent-verdict").dataset.verdict === "converged");
    await page.locator("#top, header.top").first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "page-ko.png"), fullPage: true });
  });

  it("switches back to English with the switch, and the choice is kept in the URL", async () => {
    await page.click('#lang-switch button[data-lang="en"]');
    await page.waitForSelector("html[lang=en][data-ready=true]");
    expect(page.url()).toMatch(/[?&]lang=en\b/);
    expect(await page.locator("h1").textContent()).toBe(en["page.h1"]);
  });
});
