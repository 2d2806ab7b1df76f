/**
 * The classroom page in real headless Chromium against a real `wrangler dev` (own port, own
 * throwaway state and admin token, loaded with the default models and digits): every panel is
 * driven as a teacher would, with the mouse or the keyboard, and what is drawn is checked.
 * Every request the browser makes is recorded; none may leave the loopback host.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mnistPreprocess } from "../../core/image/mnist-preprocess";
import { decodePng } from "../../core/io/png";
import { clearPad, drawStrokes, launchBrowser, ONE, openPage, predictedLabel, startDevServer } from "./drive.mjs";

// Functions passed to page.evaluate run in the browser; tsc here knows Node's and Workers'
// globals, not the DOM's (adding lib "dom" would clash with the Workers types).
declare const document: any;

const SHOTS = join(import.meta.dirname, "..", "..", "screenshots", "tmp");

let server: { base: string; token: string; stop: () => void };
let browser: Browser;
let context: BrowserContext;
let page: Page;
const requested: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startDevServer();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.on("request", (r) => requested.push(r.url()));
  page = await openPage(context, server.base);
});

afterAll(async () => {
  await browser?.close();
  server?.stop();
});

/** The 28x28 image the page shows as "what the net sees", read back from its canvas. */
async function seenPixels(p: Page): Promise<number[]> {
  return p.evaluate(() => {
    const c = document.getElementById("seen");
    const d = c.getContext("2d")!.getImageData(0, 0, 28, 28).data;
    return Array.from({ length: 784 }, (_, i) => d[4 * i]);
  });
}

async function padPng(p: Page): Promise<Uint8Array> {
  const url = await p.evaluate(() => document.getElementById("pad").toDataURL("image/png"));
  return new Uint8Array(Buffer.from(url.split(",")[1], "base64"));
}

async function settled(p: Page, selector: string) {
  await p.waitForFunction((s) => document.querySelector(s)?.getAttribute("data-pending") === "false", selector);
}

describe("draw a digit", () => {
  it("a '1' drawn with the mouse is predicted as 1, and the 28x28 preview is the API's own preprocessing", async () => {
    await drawStrokes(page, ONE);
    expect(await predictedLabel(page, "mnist-two-layer")).toBe(1);

    // The preview is exactly what the predict route's PNG path makes of the same drawing.
    const png = await padPng(page);
    const serverSide = mnistPreprocess(await decodePng(png));
    const shown = await seenPixels(page);
    expect(shown.filter((v) => v > 0).length).toBeGreaterThan(20);
    expect(shown).toEqual(Array.from(serverSide));

    // ...and the probabilities on the bars are the API's for that image (sent as a PNG here).
    const res = await fetch(`${server.base}/v1/models/mnist-two-layer/predict`, {
      method: "POST",
      headers: { "content-type": "image/png" },
      body: png,
    });
    const fromPng = ((await res.json()) as { predictions: { probabilities: number[] }[] }).predictions[0];
    const bars = await page
      .locator("#bars rect.bar")
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-p"))));
    expect(bars).toEqual(fromPng.probabilities);
    await page.locator("#digit").screenshot({ path: join(SHOTS, "digit-one.png") });
  });

  it("the model picker switches the model that answers", async () => {
    await page.selectOption("#model", "mnist-simple");
    expect(await predictedLabel(page, "mnist-simple")).toBe(1);
    await page.selectOption("#model", "mnist-two-layer");
    await predictedLabel(page, "mnist-two-layer");
  });

  it("a '1' drawn with the keyboard alone is predicted as 1", async () => {
    await clearPad(page);
    await page.focus("#pad");
    // pen to the top of the pad, down, then straight down
    for (let i = 0; i < 8; i++) await page.keyboard.press("ArrowUp");
    await page.keyboard.press("Space");
    for (let i = 0; i < 16; i++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Space");
    expect(await predictedLabel(page, "mnist-two-layer")).toBe(1);
  });

  it("'show me a test digit' shows a bundled digit with its label, the net's answer and whether it was right", async () => {
    await page.click("#test-digit");
    const answer = page.locator("#digit-answer");
    await expect.poll(() => answer.textContent()).toMatch(/^Test digit #\d+ is an? \d; mnist-two-layer says \d \(/);
    await settled(page, "#digit-answer");
    const text = (await answer.textContent())!;
    const [, truth, said] = text.match(/is an? (\d); mnist-two-layer says (\d)/)!;
    expect(text.endsWith(truth === said ? "right ✓" : "wrong ✗")).toBe(true);
    // the preview shows the digit itself: ink, and the same pixels as the samples route gives
    const index = Number(text.match(/#(\d+)/)![1]);
    const sample = (await (
      await fetch(`${server.base}/v1/mnist/samples?split=test&n=1&offset=${index}&scale=255`)
    ).json()) as { x: number[][]; t: number[] };
    expect(await seenPixels(page)).toEqual(sample.x[0]);
    expect(sample.t[0]).toBe(Number(truth));
    await page.locator("#digit").screenshot({ path: join(SHOTS, "digit-test.png") });
  });
});

describe("loss functions", () => {
  it("shows the book's values for the right and the wrong guess", async () => {
    await page.click("#loss-wrong");
    await settled(page, "#mse");
    await settled(page, "#cee");
    expect(await page.textContent("#mse")).toBe("0.6925");
    expect(await page.textContent("#cee")).toBe("16.11809565095832");
    await page.click("#loss-right");
    await settled(page, "#mse");
    await settled(page, "#cee");
    expect(await page.textContent("#mse")).toBe("0.09750000000000003");
    expect(await page.textContent("#cee")).toBe("0.510825457099338");
  });

  it("dragging y's bar and picking t update both losses", async () => {
    const svg = page.locator("#loss-bars");
    await svg.scrollIntoViewIfNeeded();
    const box = (await svg.boundingBox())!;
    const bar = await page.locator("#loss-bars rect.bar").nth(2).boundingBox();
    // drag the bar of "2" from 0.6 up to the top
    await page.mouse.move(bar!.x + bar!.width / 2, bar!.y);
    await page.mouse.down();
    await page.mouse.move(bar!.x + bar!.width / 2, box.y + 2, { steps: 8 });
    await page.mouse.up();
    await settled(page, "#cee");
    expect(await page.inputValue("#loss-y label:nth-child(3) input")).toBe("1");
    expect(Number(await page.textContent("#cee"))).toBeLessThan(1e-6);
    // t = 7 with y = the book's wrong guess: the net is right now
    await page.click("#loss-wrong");
    await page.locator("#loss-t label").nth(7).click();
    await settled(page, "#cee");
    expect(Number(await page.textContent("#cee"))).toBeCloseTo(-Math.log(0.6 + 1e-7), 12);
    await page.click("#loss-right");
    await settled(page, "#cee");
    await page.locator("#loss").screenshot({ path: join(SHOTS, "loss.png") });
  });
});

describe("derivative", () => {
  it("draws f and the tangent with the API's slope, which follows x", async () => {
    await settled(page, "#diff-out");
    expect(await page.textContent("#diff-out")).toContain("numerical_diff(f, 5) = 0.1999999999990898");
    const curve = await page.getAttribute("#diff-curve", "points");
    expect(curve!.split(" ").length).toBeGreaterThan(300);
    const slopeOnScreen = async () => {
      const [x1, y1, x2, y2] = await page
        .locator("#diff-tangent")
        .evaluate((l) => ["x1", "y1", "x2", "y2"].map((a) => Number(l.getAttribute(a))));
      return (y1 - y2) / (x2 - x1);
    };
    const at5 = await slopeOnScreen();
    // x to 10 with the keyboard: 50 steps of 0.1
    await page.focus("#diff-x");
    for (let i = 0; i < 50; i++) await page.keyboard.press("ArrowRight");
    await settled(page, "#diff-out");
    expect(await page.textContent("#diff-out")).toContain("numerical_diff(f, 10) = 0.2999999999986347");
    const at10 = await slopeOnScreen();
    // same axes, so the on-screen slopes are in the ratio of the derivatives 0.3 : 0.2
    expect(at10 / at5).toBeCloseTo(0.2999999999986347 / 0.1999999999990898, 6);
    await page.locator("#derivative").screenshot({ path: join(SHOTS, "derivative.png") });
  });

  it("a syntax error in f is the API's message naming the column", async () => {
    await page.fill("#diff-f", "0.01*x**2 + (0.1*x");
    await settled(page, "#diff-out");
    await expect.poll(() => page.textContent("#diff-error")).toMatch(/column \d+/);
    await page.fill("#diff-f", "0.01*x**2 + 0.1*x");
    await settled(page, "#diff-out");
    expect(await page.isHidden("#diff-error")).toBe(true);
  });
});

describe("gradient descent", () => {
  async function path() {
    await settled(page, "#descent-verdict");
    return {
      verdict: await page.getAttribute("#descent-verdict", "data-verdict"),
      d: (await page.getAttribute("#descent-path", "d")) ?? "",
      dots: await page
        .locator("#descent-dots circle")
        .evaluateAll((cs) => cs.map((c) => [Number(c.getAttribute("cx")), Number(c.getAttribute("cy"))])),
    };
  }

  it("lr = 0.1 converges: the path runs from the start to the minimum over the contours", async () => {
    await page.click("#lr-book");
    const p = await path();
    expect(p.verdict).toBe("converged");
    expect(p.dots.length).toBe(101); // x before each of the 100 steps, and the final x
    expect(p.d.split("M").length - 1).toBe(100);
    // the last dot sits at (0, 0), the centre of the symmetric view; the first at (-3, 4)
    const frame = await page
      .locator("#descent-plot .frame")
      .evaluate((r) => ["x", "y", "width", "height"].map((a) => Number(r.getAttribute(a))));
    const [fx, fy, fw, fh] = frame;
    const [lx, ly] = p.dots.at(-1)!;
    expect(Math.abs(lx - (fx + fw / 2))).toBeLessThan(1);
    expect(Math.abs(ly - (fy + fh / 2))).toBeLessThan(1);
    const [sx0, sy0] = p.dots[0];
    expect(sx0).toBeCloseTo(fx + (fw * (-3 + 5)) / 10, 0);
    expect(sy0).toBeCloseTo(fy + (fh * (5 - 4)) / 10, 0);
    expect(await page.locator("#descent-plot path.contour").count()).toBeGreaterThanOrEqual(8);
    expect(await page.locator("#descent-arrows line").count()).toBeGreaterThan(100);
    await page.locator("#descent").screenshot({ path: join(SHOTS, "descent-converged.png") });
  });

  it("lr = 10 diverges and lr = 1e-10 stalls, each one click away", async () => {
    await page.click("#lr-big");
    const big = await path();
    expect(big.verdict).toBe("diverged");
    expect(await page.textContent("#descent-message")).toMatch(/^diverged: with lr = 10/);
    // the first step leaves the picture: only the start is inside; the path starts there and
    // its segments (clipped to the frame) swing ever wider through the picture
    expect(big.dots.length).toBe(1);
    const [first] = big.d.slice(1).split("L");
    expect(first.split(" ").map(Number)).toEqual(big.dots[0]);
    expect(big.d.split("M").length - 1).toBeGreaterThanOrEqual(1);
    await page.locator("#descent").screenshot({ path: join(SHOTS, "descent-diverged.png") });

    await page.click("#lr-small");
    const small = await path();
    expect(small.verdict).toBe("stalled");
    const xs = new Set(small.dots.map(([x, y]) => `${x},${y}`));
    expect(xs.size).toBe(1); // 101 points on top of each other: it never moved
  });

  it("the lr and steps sliders work from the keyboard and redraw the path", async () => {
    await page.click("#lr-book");
    await path();
    await page.focus("#steps");
    for (let i = 0; i < 90; i++) await page.keyboard.press("ArrowLeft");
    const p = await path();
    expect(await page.inputValue("#steps")).toBe("10");
    expect(p.dots.length).toBe(11);
    expect(p.verdict).toBe("descending");
    await page.focus("#lr");
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
    expect(await page.textContent("#lr-out")).toBe("0.32");
    const q = await path();
    expect(q.dots.length).toBe(11);
    expect(q.d).not.toBe(p.d);
  });
});

describe("training live", () => {
  it("streams a job: the loss curve grows while it runs; the saved model then answers a drawn digit", async () => {
    await page.fill("#train-steps", "600");
    await page.locator("#training summary").click();
    await page.fill("#train-save-as", "class-net");
    await page.fill("#train-token", server.token);
    await page.click("#train-start");
    const count = () => page.locator("#train-loss").getAttribute("data-count").then(Number);
    await page.waitForFunction(() => Number(document.getElementById("train-loss")?.getAttribute("data-count")) >= 3);
    const early = await count();
    expect(await page.getAttribute("#train-plot", "data-state")).toBe("running");
    await page.waitForFunction(
      (n) => Number(document.getElementById("train-loss")?.getAttribute("data-count")) > n,
      early,
    );
    expect(await count()).toBeGreaterThan(early);
    await page.waitForFunction(() => document.getElementById("train-plot")!.dataset.state !== "running");
    expect(await page.getAttribute("#train-plot", "data-state")).toBe("done");
    expect(await count()).toBeGreaterThan(early);
    expect(Number(await page.getAttribute("#test-acc", "data-count"))).toBeGreaterThanOrEqual(10);
    expect(await page.textContent("#train-status")).toMatch(
      /^Done: 600 steps.*test accuracy \d+\.\d%\. Saved as class-net v1\.$/,
    );
    await page.locator("#training").screenshot({ path: join(SHOTS, "training.png") });

    await page.click("#train-use");
    await expect.poll(() => page.inputValue("#model")).toBe("class-net");
    await clearPad(page);
    await drawStrokes(page, ONE);
    expect(await predictedLabel(page, "class-net")).toBe(1);
  });

  it("without the token the job still runs and says it was not saved", async () => {
    await page.fill("#train-token", "");
    await page.fill("#train-steps", "50");
    await page.click("#train-start");
    await page.waitForFunction(() => document.getElementById("train-plot")!.dataset.state === "done");
    expect(await page.textContent("#train-status")).toMatch(/Not saved \(no admin token given\)\.$/);
    expect(await page.isHidden("#train-use")).toBe(true);
  });
});

describe("training live, stopped", () => {
  it("Stop ends a long job part-way: the curve stops growing and nothing is saved", async () => {
    await page.fill("#train-steps", "4000");
    await page.click("#train-start");
    await page.waitForFunction(() => Number(document.getElementById("train-loss")?.getAttribute("data-count")) >= 3);
    await page.click("#train-stop");
    await page.waitForFunction(() => document.getElementById("train-plot")!.dataset.state === "stopped");
    const status = (await page.textContent("#train-status"))!;
    const step = Number(status.match(/^Stopped at step (\d+); nothing was saved\.$/)![1]);
    expect(step).toBeGreaterThan(0);
    expect(step).toBeLessThan(4000);
    expect(await page.isEnabled("#train-start")).toBe(true);
  });
});

describe("for everyone in the room", () => {
  it("every control has an accessible name", async () => {
    const cdp = await context.newCDPSession(page);
    const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as {
      nodes: { ignored: boolean; role?: { value: string }; name?: { value: string } }[];
    };
    const controls = nodes.filter(
      (n) =>
        !n.ignored &&
        ["button", "slider", "textbox", "combobox", "checkbox", "radio", "spinbutton", "link"].includes(
          n.role?.value ?? "",
        ),
    );
    const unnamed = controls.filter((n) => !(n.name?.value ?? "").trim()).map((n) => n.role?.value);
    expect(controls.length).toBeGreaterThan(40);
    expect(unnamed).toEqual([]);
    // the pad and the charts are focusable or described pictures with names too
    expect(await page.getAttribute("#pad", "aria-label")).toMatch(/draw a digit/i);
    await cdp.detach();
  });

  it("a phone-size viewport (390x844) has no horizontal scroll, in any panel", async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    phone.on("request", (r) => requested.push(r.url()));
    const p = await openPage(phone, server.base);
    await settled(p, "#descent-verdict");
    for (const id of ["digit", "loss", "derivative", "descent", "training"]) {
      await p.locator(`#${id}`).scrollIntoViewIfNeeded();
      const { scroll, client } = await p.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      expect(client).toBe(390);
      expect(scroll).toBeLessThanOrEqual(client);
      const box = (await p.locator(`#${id}`).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    // drawing with a finger works too: a tap leaves ink that the net sees
    await p.locator("#pad").scrollIntoViewIfNeeded();
    const pad = (await p.locator("#pad").boundingBox())!;
    await p.touchscreen.tap(pad.x + pad.width / 2, pad.y + pad.height / 2);
    await p.waitForFunction(() => Number(document.getElementById("seen")!.dataset.ink) > 0);
    await p.screenshot({ path: join(SHOTS, "phone.png"), fullPage: true });
    await phone.close();
  });

  it("no request left localhost while the page was used", () => {
    expect(requested.length).toBeGreaterThan(20);
    const foreign = requested.filter((u) => !["127.0.0.1", "localhost", "[::1]"].includes(new URL(u).hostname));
    expect(foreign).toEqual([]);
  });
});
