// Screenshots of every panel of the classroom page for reviewers, written to screenshots/:
// starts its own seeded `wrangler dev` (scripts/lib/dev-server.mjs), drives the page in
// headless Chromium (test/e2e/drive.mjs) into the states worth seeing, at projector size
// (1280x900) and phone size (390x844).
//   node scripts/screenshots.mjs
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { drawStrokes, launchBrowser, ONE, openPage, predictedLabel } from "../test/e2e/drive.mjs";
import { startDevServer } from "./lib/dev-server.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "screenshots");
mkdirSync(out, { recursive: true });

const settled = (page, selector) =>
  page.waitForFunction((s) => document.querySelector(s)?.getAttribute("data-pending") === "false", selector);

async function shot(page, selector, name) {
  await page.locator(selector).screenshot({ path: join(out, name) });
  console.log(`  screenshots/${name}`);
}

const server = await startDevServer();
const browser = await launchBrowser();
try {
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openPage(desktop, server.base);

  await drawStrokes(page, ONE);
  await predictedLabel(page, "mnist-two-layer");
  await shot(page, "#digit", "1-digit-drawn.png");
  await page.click("#test-digit");
  await page.waitForFunction(() => /^Test digit/.test(document.getElementById("digit-answer")?.textContent ?? ""));
  await settled(page, "#digit-answer");
  await shot(page, "#digit", "1-digit-test-digit.png");

  await page.click("#loss-wrong");
  await settled(page, "#cee");
  await shot(page, "#loss", "2-loss-wrong-7.png");
  await page.click("#loss-right");
  await settled(page, "#cee");
  await shot(page, "#loss", "2-loss-right-2.png");

  await settled(page, "#diff-out");
  await shot(page, "#derivative", "3-derivative.png");

  for (const [button, name] of [
    ["#lr-book", "lr-0.1-converges"],
    ["#lr-big", "lr-10-diverges"],
    ["#lr-small", "lr-1e-10-stalls"],
  ]) {
    await page.click(button);
    await settled(page, "#descent-verdict");
    await shot(page, "#descent", `4-descent-${name}.png`);
  }

  await page.locator("#training summary").click();
  await page.fill("#train-token", server.token);
  await page.click("#train-start");
  await page.waitForFunction(() => Number(document.getElementById("train-loss")?.getAttribute("data-count")) >= 40);
  await shot(page, "#training", "5-training-running.png");
  await page.waitForFunction(() => document.getElementById("train-plot")?.dataset.state !== "running");
  await page.fill("#train-token", "");
  await shot(page, "#training", "5-training-done.png");
  await desktop.close();

  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const p = await openPage(phone, server.base);
  await drawStrokes(p, ONE);
  await predictedLabel(p, "mnist-two-layer");
  await settled(p, "#descent-verdict");
  await p.evaluate(() => window.scrollTo(0, 0));
  await p.screenshot({ path: join(out, "phone-top.png") });
  console.log("  screenshots/phone-top.png");
  for (const id of ["digit", "loss", "derivative", "descent", "training"]) await shot(p, `#${id}`, `phone-${id}.png`);
  await phone.close();
} finally {
  await browser.close();
  server.stop();
}
