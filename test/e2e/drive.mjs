// Drives the classroom page in headless Chromium: shared by the end-to-end tests
// (test/e2e/page.test.ts) and the screenshot script (scripts/screenshots.mjs).
import { chromium } from "playwright-core";

export { startDevServer } from "../../scripts/lib/dev-server.mjs";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** Debian's chromium (never a downloaded browser); CHROMIUM_PATH overrides the path. */
export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/** Opens the page (as a browser asks for it: Accept text/html) and waits for its panels to start. */
export async function openPage(context, base) {
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.waitForSelector("html[data-ready=true]");
  await page.waitForSelector("#model[data-loaded=true]");
  return page;
}

/**
 * Draws with the mouse on the pad: each stroke is a list of [u, v] points in 0..1 of the pad's
 * box, pressed from the first point to the last in small moves.
 */
export async function drawStrokes(page, strokes) {
  const pad = page.locator("#pad");
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  const at = ([u, v]) => [box.x + u * box.width, box.y + v * box.height];
  for (const stroke of strokes) {
    await page.mouse.move(...at(stroke[0]));
    await page.mouse.down();
    for (const p of stroke.slice(1)) await page.mouse.move(...at(p), { steps: 12 });
    await page.mouse.up();
  }
}

/** A "1" as people write it: a slight slant, with a small flag at the top. */
export const ONE = [
  [
    [0.42, 0.3],
    [0.56, 0.18],
    [0.54, 0.5],
    [0.52, 0.84],
  ],
];

/** Waits until the digit panel shows an answer from `model`, and returns its label. */
export async function predictedLabel(page, model) {
  const answer = page.locator("#digit-answer");
  await page.waitForFunction((m) => {
    const el = document.getElementById("digit-answer");
    return el.dataset.label !== undefined && el.textContent.startsWith(`${m} says`) && el.dataset.pending !== "true";
  }, model);
  return Number(await answer.getAttribute("data-label"));
}

export async function clearPad(page) {
  await page.click("#clear");
  await page.waitForFunction(() => document.getElementById("seen").dataset.ink === "0");
}
