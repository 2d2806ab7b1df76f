// POST /v1/train as JSON: the job's answer equals the engine's own run, posted data and its
// errors, the work cap, divergence, save_as and the rate limit. (Streaming: train-stream.test.ts;
// the 96% recipe: train-accuracy.test.ts.)
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { meanPixels } from "../../core/cost/training";
import { estimateTrainingCost, MACS_PER_MS, type TrainingData } from "../../core/nn/cost";
import { train } from "../../core/nn/train";
import { LOAD_MS_PER_BYTE } from "../../worker/datasets/bucket";
import { loadDigits, TRAIN_KEPT } from "./defaults";
import { fixtureBytes as fixture } from "./reference";

const ADMIN = { authorization: "Bearer test-admin-token" };
let trainImages: Uint8Array;
let trainLabels: Uint8Array;
let testImages: Uint8Array;
let testLabels: Uint8Array;

async function postTrain(
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await SELF.fetch("http://x/v1/train", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json(), headers: res.headers };
}

/** The stored splits as the route costs them (the mean non-zero pixels of their digits). */
function storedData(): TrainingData {
  return {
    trainCount: TRAIN_KEPT,
    testCount: 2000,
    trainPixels: meanPixels(trainImages, TRAIN_KEPT, 784),
    testPixels: meanPixels(testImages, 2000, 784),
  };
}

/** Rows i..i+n of the train digits as nested lists of pixels 0..255. */
function rows(from: number, n: number): number[][] {
  return Array.from({ length: n }, (_, r) => Array.from(trainImages.subarray((from + r) * 784, (from + r + 1) * 784)));
}

beforeAll(async () => {
  // The stored train split: the first 7,000 bundled training digits (the rest is the grading split).
  trainImages = (await fixture("mnist/train-images.u8")).subarray(0, TRAIN_KEPT * 784);
  trainLabels = (await fixture("mnist/train-labels.u8")).subarray(0, TRAIN_KEPT);
  testImages = await fixture("mnist/test-images.u8");
  testLabels = await fixture("mnist/test-labels.u8");
  await loadDigits();
});

describe("POST /v1/train (JSON)", () => {
  const opts = {
    arch: "simple",
    iters_num: 150,
    batch_size: 50,
    learning_rate: 0.1,
    momentum: 0.9,
    seed: 7,
    eval_every: 50,
    shift: 0,
  } as const;

  it("returns the same loss curve and accuracies as the engine run on the same digits and seed", async () => {
    const { status, json } = await postTrain(opts);
    expect(status).toBe(200);
    const ref = train(
      { x: { data: trainImages, rows: trainLabels.length, cols: 784 }, t: trainLabels },
      { x: { data: testImages, rows: testLabels.length, cols: 784 }, t: testLabels },
      {
        arch: "simple",
        steps: 150,
        batchSize: 50,
        learningRate: 0.1,
        momentum: 0.9,
        seed: 7,
        evalEvery: 50,
        shift: 0,
        lrSchedule: "cosine",
        weightDecay: 1e-4,
        sampling: "epoch-shuffle",
        init: "he",
      },
    );
    expect(json.loss_curve).toEqual(ref.lossHistory);
    expect(json.loss_curve_every).toBe(1);
    expect(json.evaluations.map((e: any) => e.step)).toEqual([50, 100, 150]);
    expect(json.evaluations.map((e: any) => e.test_accuracy)).toEqual(ref.evals.map((e) => e.testAccuracy));
    expect(json.final).toEqual({
      step: 150,
      loss: ref.lossHistory[149],
      train_accuracy: ref.evals[2].trainAccuracy,
      test_accuracy: ref.evals[2].testAccuracy,
      test_loss: ref.evals[2].testLoss,
    });
    // 150 steps of softmax regression already classify most held-out digits
    expect(json.final.test_accuracy).toBeGreaterThan(0.8);
    expect(json.options).toMatchObject({ arch: "simple", iters_num: 150, batch_size: 50, learning_rate: 0.1, seed: 7 });
    expect(json.data).toBe("the train split of mnist (7000 images)");
    const est = estimateTrainingCost(
      { arch: "simple", steps: 150, batchSize: 50, evalEvery: 50, shift: 0, momentum: 0.9 },
      storedData(),
    );
    // The first job of the isolate reads both splits from R2 (7,000 + 2,000 images and labels): that is estimated too.
    const loadMs = (TRAIN_KEPT + 2000) * 785 * LOAD_MS_PER_BYTE;
    expect(json.cost).toEqual({
      multiply_adds: est.multiplyAdds,
      work: (est.estimatedMs + loadMs) * MACS_PER_MS,
      cap: 8e10,
      estimated_ms: Math.round(est.estimatedMs + loadMs),
    });
    const again = await postTrain(opts); // the splits are in this isolate's memory now
    expect(again.json.cost.estimated_ms).toBe(Math.round(est.estimatedMs));
  });

  it("is reproducible: same seed, same curve; another seed, another curve", async () => {
    const a = await postTrain({ ...opts, iters_num: 20 });
    const b = await postTrain({ ...opts, iters_num: 20 });
    const c = await postTrain({ ...opts, iters_num: 20, seed: 8 });
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    expect(a.json.loss_curve).toEqual(b.json.loss_curve);
    expect(c.json.loss_curve).not.toEqual(a.json.loss_curve);
  });

  it("trains on posted {x, t}: pixels 0..255 with scale 255, labels or one-hot", async () => {
    const x = rows(0, 300);
    const t = Array.from(trainLabels.subarray(0, 300));
    const body = { arch: "simple", steps: 60, batch_size: 30, lr: 0.1, seed: 2, shift: 0, x, t, scale: 255 };
    const labels = await postTrain(body);
    expect(labels.status).toBe(200);
    expect(labels.json.data).toBe("300 posted digits");
    const oneHot = await postTrain({
      ...body,
      t: t.map((k) => Array.from({ length: 10 }, (_, j) => (j === k ? 1 : 0))),
    });
    expect(oneHot.json.loss_curve).toEqual(labels.json.loss_curve);
    const unit = await postTrain({ ...body, scale: undefined, x: x.map((r) => r.map((p) => Math.fround(p / 255))) });
    expect(unit.json.loss_curve).toEqual(labels.json.loss_curve);
    const ref = train(
      { x: { data: trainImages.subarray(0, 300 * 784), rows: 300, cols: 784 }, t: trainLabels.subarray(0, 300) },
      null,
      {
        arch: "simple",
        steps: 60,
        batchSize: 30,
        learningRate: 0.1,
        seed: 2,
        shift: 0,
        momentum: 0.9,
        lrSchedule: "cosine",
        weightDecay: 1e-4,
        sampling: "epoch-shuffle",
        init: "he",
        evalEvery: 6,
      },
    );
    expect(labels.json.loss_curve).toEqual(ref.lossHistory);
  });

  it("refuses posted data with wrong shapes, pixel or label ranges, naming the element", async () => {
    const x = rows(0, 4);
    const t = [1, 2, 3, 4];
    const cases: [unknown, number, string, RegExp][] = [
      [{ x: x.map((r) => r.slice(0, 783)), t, scale: 255 }, 422, "/x/0", /a row of 783 numbers: expected 784 or 28/],
      [{ x: x[0], t: [1], scale: 255 }, 422, "/x", /\(784\)/],
      [{ x, t: [1, 2, 3], scale: 255 }, 422, "/t", /3 labels for 4 digits/],
      [{ x, t: [1, 2, 10, 4], scale: 255 }, 422, "/t/2", /label 10 is not a digit/],
      [{ x, t: [1, 2, 3.5, 4], scale: 255 }, 422, "/t/2", /label 3.5/],
      [
        {
          x,
          t: [
            [1, 0],
            [0, 1],
            [1, 0],
            [0, 1],
          ],
          scale: 255,
        },
        422,
        "/t",
        /one-hot t must have shape \(4, 10\)/,
      ],
      [{ x, t }, 422, `/x/0/${x[0].findIndex((p) => p > 1)}`, /outside 0..1 .*"scale": 255/],
      [{ x: [[...x[0].slice(0, 783), -1]], t: [1], scale: 255 }, 422, "/x/0/783", /pixel -1 is outside 0..255/],
      [{ x: [[...x[0].slice(0, 783), "7"]], t: [1], scale: 255 }, 422, "/x/0/783", /finite number/],
      [{ t }, 422, "/x", /t was sent without x/],
      [{ x, scale: 255 }, 422, "/t", /required/],
      [{ x, t, scale: 2 }, 422, "/scale", /./],
    ];
    for (const [body, status, pointer, message] of cases) {
      const res = await postTrain({ steps: 1, ...(body as object) });
      expect(res.status, JSON.stringify(res.json)).toBe(status);
      expect(res.json.errors[0].pointer).toBe(pointer);
      expect(res.json.detail + res.json.errors[0].message).toMatch(message);
    }
  });

  it("refuses bad options with a 422 naming the field", async () => {
    const cases: [object, string][] = [
      [{ learning_rate: -1 }, "/learning_rate"],
      [{ learning_rate: 0 }, "/learning_rate"],
      [{ iters_num: 0 }, "/iters_num"],
      [{ iters_num: 1.5 }, "/iters_num"],
      [{ lr: -1 }, "/lr"], // the other names are checked as sent
      [{ steps: 0 }, "/steps"],
      [{ batch_size: 0 }, "/batch_size"],
      [{ batch_size: 1001 }, "/batch_size"],
      [{ momentum: 1 }, "/momentum"],
      [{ arch: "cnn" }, "/arch"],
      [{ activation: "tanh" }, "/activation"],
      [{ hidden_size: 0 }, "/hidden_size"],
      [{ hidden_size: 2000 }, "/hidden_size"],
      [{ shift: 9 }, "/shift"],
      [{ seed: -1 }, "/seed"],
      [{ save_as: "../etc" }, "/save_as"],
    ];
    for (const [body, pointer] of cases) {
      const res = await postTrain(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.json.errors[0].pointer, JSON.stringify(body)).toBe(pointer);
    }
    const bad = await SELF.fetch("http://x/v1/train", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{steps: 1",
    });
    expect(bad.status).toBe(400);
  });
});

describe("the work cap", () => {
  it("refuses a job over the cap before it starts, stating the estimate and the cap", async () => {
    const body = { iters_num: 12000, shift: 2, eval_every: 2000 }; // the default model's recipe
    const { status, json } = await postTrain(body);
    expect(status).toBe(422);
    const est = estimateTrainingCost(
      { arch: "two-layer", steps: 12000, evalEvery: 2000, shift: 2, momentum: 0.9 },
      storedData(),
    );
    expect(json.estimate).toBe(est.estimatedMs * MACS_PER_MS);
    expect(json.cap).toBe(8e10);
    expect(json.cap_ms).toBe(20000);
    expect(json.detail).toContain(
      `${(est.estimatedMs * MACS_PER_MS).toExponential(2).replace("e+", "e")} multiply-adds`,
    );
    expect(json.detail).toContain("over the cap of 8.00e10");
    expect(json.detail).toMatch(/30 s CPU limit/);
    expect(json.errors[0].pointer).toBe("/iters_num");
  });

  it("admits the default job and refuses the first number of steps whose estimate passes the cap", async () => {
    const options = { arch: "two-layer" as const, activation: "relu" as const, evalEvery: 0, shift: 1, momentum: 0.9 };
    const work = (steps: number) => estimateTrainingCost({ ...options, steps }, storedData()).estimatedMs * MACS_PER_MS;
    expect(work(4000)).toBeLessThan(8e10);
    let steps = 4000;
    while (work(steps) <= 8e10) steps += 100;
    expect((await postTrain({ steps, eval_every: 0 })).status).toBe(422);
    expect(work(steps - 100)).toBeLessThanOrEqual(8e10);
  });

  it("numerical gradients on 784-50-10 are refused with the factor over backprop", async () => {
    const { status, json } = await postTrain({ gradient: "numerical", steps: 10 });
    expect(status).toBe(422);
    expect(json.errors[0].pointer).toBe("/gradient");
    // (2P + 1) / 3 with P = 784*50 + 50 + 50*10 + 10 = 39,760 parameters
    expect(json.detail).toContain("39760 parameters");
    expect(json.detail).toContain("about 26,507x the multiply-adds of backprop");
    expect(json.detail).toContain("~212,056x the time");
  });

  it("numerical gradients train a tiny net (simple, 2 steps of 2 posted digits)", async () => {
    const res = await postTrain({
      arch: "simple",
      gradient: "numerical",
      steps: 2,
      batch_size: 2,
      x: rows(0, 2),
      t: Array.from(trainLabels.subarray(0, 2)),
      scale: 255,
      eval_every: 0,
      shift: 0,
    });
    expect(res.status, JSON.stringify(res.json).slice(0, 300)).toBe(200);
    const bp = await postTrain({
      arch: "simple",
      steps: 2,
      batch_size: 2,
      x: rows(0, 2),
      t: Array.from(trainLabels.subarray(0, 2)),
      scale: 255,
      eval_every: 0,
      shift: 0,
    });
    // the same batches; the numerical gradient (h = 1e-4) agrees with backprop to ~1e-7 on the loss
    expect(res.json.loss_curve[0]).toBeCloseTo(bp.json.loss_curve[0], 6);
    expect(res.json.loss_curve[1]).toBeCloseTo(bp.json.loss_curve[1], 4);
  });
});

describe("divergence and save_as", () => {
  it("learning_rate = 1e6 is a 422 that names learning_rate and the step, and saves nothing", async () => {
    const res = await postTrain({ arch: "two-layer", iters_num: 50, learning_rate: 1e6, save_as: "diverged" }, ADMIN);
    expect(res.status).toBe(422);
    expect(res.json.errors[0].pointer).toBe("/learning_rate");
    expect(res.json.detail).toMatch(
      /training diverged at step \d+: .*with learning_rate = 1000000 .*; nothing was saved/,
    );
    expect((await SELF.fetch("http://x/v1/models/diverged")).status).toBe(404);
  });

  it("save_as needs the admin token; the saved model answers predict at once", async () => {
    const body = {
      arch: "simple",
      steps: 100,
      batch_size: 100,
      lr: 0.1,
      seed: 3,
      shift: 0,
      eval_every: 100,
      save_as: "trained-simple",
    };
    expect((await postTrain(body)).status).toBe(401);
    expect((await postTrain(body, { authorization: "Bearer wrong" })).status).toBe(401);
    expect((await SELF.fetch("http://x/v1/models/trained-simple")).status).toBe(404);
    const res = await postTrain(body, ADMIN);
    expect(res.status).toBe(200);
    expect(res.json.model).toMatchObject({
      name: "trained-simple",
      version: 1,
      accuracy: res.json.final.test_accuracy,
    });
    const again = await postTrain(body, ADMIN);
    expect(again.json.model.version).toBe(2);
    expect(again.json.model.sha256).toBe(res.json.model.sha256); // same seed, same weights
    // the stored model's accuracy on the held-out digits is the job's final test accuracy
    const evaluation = (await (
      await SELF.fetch("http://x/v1/models/trained-simple/evaluate?split=test", { method: "POST" })
    ).json()) as any;
    expect(evaluation.accuracy).toBe(res.json.final.test_accuracy);
    const x = Array.from(testImages.subarray(0, 784), (p) => Math.fround(p / 255));
    const predict = (await (
      await SELF.fetch("http://x/v1/models/trained-simple/predict", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ x }),
      })
    ).json()) as any;
    expect(predict.model).toEqual({ name: "trained-simple", version: 2, dataset: "mnist" });
    expect(predict.predictions[0].probabilities).toHaveLength(10);
  });
});

describe("rate limit", () => {
  it("allows 20 tiny jobs per address at once, then answers 429 with Retry-After; other addresses are unaffected", async () => {
    const tiny = {
      arch: "simple",
      steps: 1,
      batch_size: 1,
      x: rows(0, 1),
      t: [trainLabels[0]],
      scale: 255,
      eval_every: 0,
    };
    const ip = { "cf-connecting-ip": "203.0.113.7" };
    const started = Date.now();
    for (let i = 0; i < 20; i++) expect((await postTrain(tiny, ip)).status).toBe(200);
    // The bucket returns one job every 3 s: on a slow machine the 20 took long enough to earn
    // a few more, which are allowed; beyond those the address is refused.
    let limited = await postTrain(tiny, ip);
    let extra = 0;
    while (limited.status === 200 && extra < 100) {
      extra++;
      limited = await postTrain(tiny, ip);
    }
    expect(extra).toBeLessThanOrEqual(Math.floor((Date.now() - started) / 3000));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited.json.type).toBe("/problems/rate-limited");
    expect((await postTrain(tiny, { "cf-connecting-ip": "203.0.113.8" })).status).toBe(200);
  });
});
