// Named datasets through the API, on Miniflare's real R2: the private grading split is never
// served; a model records the dataset it was trained on (name, class names, the training split's
// sha-256), its predictions carry the class names, and evaluating it on another dataset is a 422
// unless asked for; init_from continues training from a saved version. The second dataset,
// "words", is the bundled digits re-labelled by a fixed permutation and named by English words
// (as scripts/make-idx-set.mjs builds the full-size set), so a digits model means nothing there.
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { type TrainOptions, train } from "../../core/nn/train";
import { PIXELS, putSplitBytes } from "../../worker/datasets/bucket";
import { fixtureBytes, loadDefaults, TRAIN_KEPT } from "./defaults";

const ADMIN = { authorization: "Bearer test-admin-token" };
const PERM = [7, 2, 9, 0, 5, 3, 8, 1, 6, 4]; // label of the digit d in "words"
const WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const CLASSES: string[] = [];
PERM.forEach((label, d) => {
  CLASSES[label] = WORDS[d];
});

let trainImages: Uint8Array;
let trainLabels: Uint8Array;
let testImages: Uint8Array;
let testLabels: Uint8Array;
const relabel = (labels: Uint8Array) => labels.map((d) => PERM[d]);

const sha = async (b: Uint8Array) =>
  [...new Uint8Array(await crypto.subtle.digest("SHA-256", b))].map((x) => x.toString(16).padStart(2, "0")).join("");

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await SELF.fetch(`http://x${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

beforeAll(async () => {
  await loadDefaults(); // mnist: train (7,000), test (2,000), grading (the last 1,000 training digits)
  trainImages = (await fixtureBytes("mnist/train-images.u8")).subarray(0, TRAIN_KEPT * PIXELS);
  trainLabels = (await fixtureBytes("mnist/train-labels.u8")).subarray(0, TRAIN_KEPT);
  testImages = await fixtureBytes("mnist/test-images.u8");
  testLabels = await fixtureBytes("mnist/test-labels.u8");
  await putSplitBytes(env.DATASETS, "words", "train", trainImages, relabel(trainLabels), { classes: CLASSES });
  await putSplitBytes(env.DATASETS, "words", "test", testImages, relabel(testLabels), { classes: CLASSES });
});

describe("the grading split", () => {
  it("is listed by its count only and served by no public route", async () => {
    const { json } = await call("GET", "/v1/datasets");
    const mnist = json.datasets.find((d: any) => d.name === "mnist");
    expect(mnist.splits.train.count).toBe(7000);
    expect(mnist.splits.grading).toMatchObject({ count: 1000, private: true });
    expect(mnist.splits.grading.sha256).toBeUndefined();
    expect(json.datasets.find((d: any) => d.name === "words").classes).toEqual(CLASSES);

    for (const q of ["split=grading", "split=grading&format=u8&n=1000", "dataset=mnist&split=grading&offset=0"]) {
      const res = await call("GET", `/v1/mnist/samples?${q}`);
      expect(res.status, q).toBe(422);
      expect(res.json.detail).toMatch(/grading split of "mnist" is private/);
      expect(res.json.errors[0].pointer).toBe("split");
    }
    const ko = await call("GET", "/v1/mnist/samples?split=grading&lang=ko");
    expect(ko.json.detail).toMatch(/비공개/);
    const evaluated = await call("POST", "/v1/models/mnist-simple/evaluate?split=grading");
    expect(evaluated.status).toBe(422);
    expect(evaluated.json.detail).toMatch(/private/);
  });
});

describe("a model and its dataset", () => {
  const opts = { arch: "simple", steps: 140, batch_size: 100, lr: 0.1, shift: 0, seed: 5, eval_every: 70 };

  it("records the dataset, class names and training split's sha-256; predictions carry the class names", async () => {
    const trained = await call("POST", "/v1/train", { ...opts, dataset: "words", save_as: "words-net" }, ADMIN);
    expect(trained.status).toBe(200);
    expect(trained.json.dataset).toEqual({ name: "words", classes: CLASSES });
    expect(trained.json.data).toBe("the train split of words (7000 images)");

    const meta = (await call("GET", "/v1/models/words-net")).json;
    expect(meta.dataset).toEqual({
      name: "words",
      classes: CLASSES,
      train: { count: 7000, sha256: { images: await sha(trainImages), labels: await sha(relabel(trainLabels)) } },
    });
    const summary = (await call("GET", "/v1/models")).json.models.find((m: any) => m.name === "words-net");
    expect(summary.dataset).toBe("words");

    // 200 test digits as uint8 rows: each prediction is named by the class its label stands for.
    const n = 200;
    const res = await SELF.fetch("http://x/v1/models/words-net/predict?top=2", {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: testImages.slice(0, n * PIXELS),
    });
    const answer = (await res.json()) as any;
    expect(answer.classes).toEqual(CLASSES);
    expect(answer.model).toEqual({ name: "words-net", version: 1, dataset: "words" });
    let named = 0;
    answer.predictions.forEach((p: any, i: number) => {
      expect(p.class).toBe(CLASSES[p.label]);
      expect(p.top[0]).toMatchObject({ label: p.label, class: p.class });
      if (p.class === WORDS[testLabels[i]]) named++;
    });
    expect(named / n).toBeGreaterThan(0.8); // the names mean the digits drawn

    const digits = (await call("POST", "/v1/models/mnist-simple/predict", { x: Array(784).fill(0) })).json;
    expect(digits.classes).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    expect(digits.predictions[0].class).toBe(String(digits.predictions[0].label));
  });

  it("evaluates on its own dataset by default; another dataset is a 422 unless allow_other_dataset=true", async () => {
    // Saved here too, so this test stands alone.
    const saved = await call("POST", "/v1/train", { ...opts, dataset: "words", save_as: "words-net" }, ADMIN);
    expect(saved.status).toBe(200);
    const own = await call("POST", "/v1/models/words-net/evaluate?split=test");
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({ dataset: "words", count: 2000, classes: CLASSES });
    const trained = await call("POST", "/v1/train", { ...opts, dataset: "words" });
    expect(own.json.accuracy).toBe(trained.json.final.test_accuracy); // the same weights, the same 2,000 images

    for (const [model, dataset] of [
      ["words-net", "mnist"],
      ["mnist-simple", "words"],
    ]) {
      const refused = await call("POST", `/v1/models/${model}/evaluate?split=test&dataset=${dataset}`);
      expect(refused.status).toBe(422);
      expect(refused.json.errors[0].pointer).toBe("dataset");
      expect(refused.json.detail).toMatch(
        new RegExp(`trained on dataset "${model === "words-net" ? "words" : "mnist"}"`),
      );
      expect(refused.json.detail).toMatch(/allow_other_dataset/);
    }
    const ko = await call("POST", "/v1/models/words-net/evaluate?split=test&dataset=mnist&lang=ko");
    expect(ko.json.detail).toMatch(/학습 데이터셋/);

    // Asked for explicitly: the accuracy against the digits' own labels, as predict's labels give it.
    const across = await call(
      "POST",
      "/v1/models/words-net/evaluate?split=test&dataset=mnist&allow_other_dataset=true",
    );
    expect(across.status).toBe(200);
    const res = await SELF.fetch("http://x/v1/models/words-net/predict", {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: testImages,
    });
    const labels = ((await res.json()) as any).predictions.map((p: any) => p.label);
    const right = labels.filter((l: number, i: number) => l === testLabels[i]).length;
    expect(across.json.accuracy).toBe(right / 2000);
    expect(across.json.accuracy).toBeLessThan(0.3);
  });
});

describe("init_from", () => {
  const opts = {
    arch: "simple",
    steps: 100,
    batch_size: 100,
    lr: 0.1,
    lr_schedule: "constant",
    momentum: 0,
    weight_decay: 0,
    shift: 0,
    eval_every: 100,
  } as const;
  const core: TrainOptions = {
    arch: "simple",
    steps: 100,
    batchSize: 100,
    learningRate: 0.1,
    lrSchedule: "constant",
    momentum: 0,
    weightDecay: 0,
    shift: 0,
    evalEvery: 100,
    sampling: "epoch-shuffle",
    init: "he",
  };
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

  it("continues from the saved weights: the engine's continued run, and lower loss than from scratch at equal steps", async () => {
    const first = await call("POST", "/v1/train", { ...opts, seed: 3, save_as: "chain" }, ADMIN);
    expect(first.json.model.version).toBe(1);
    const next = await call(
      "POST",
      "/v1/train",
      { ...opts, seed: 4, init_from: { model: "chain", version: 1 }, save_as: "chain" },
      ADMIN,
    );
    expect(next.status).toBe(200);
    expect(next.json.init_from).toEqual({ model: "chain", version: 1 });
    expect(next.json.model.version).toBe(2);
    expect((await call("GET", "/v1/models/chain")).json.source).toMatch(/from chain version 1/);
    const scratch = await call("POST", "/v1/train", { ...opts, seed: 4 });

    // The engine: 100 steps from a fresh init (seed 3), then 100 more from those weights (seed 4).
    const trainSet = { x: { data: trainImages, rows: TRAIN_KEPT, cols: PIXELS }, t: trainLabels };
    const testSet = { x: { data: testImages, rows: 2000, cols: PIXELS }, t: testLabels };
    const a = train(trainSet, testSet, { ...core, seed: 3 });
    const b = train(trainSet, testSet, { ...core, seed: 4, initial: a.network });
    expect(next.json.loss_curve).toEqual(b.lossHistory);
    expect(next.json.final.test_accuracy).toBe(b.evals.at(-1)?.testAccuracy);
    // Same seed, same mini-batches, same 100 steps: only the starting weights differ.
    expect(mean(next.json.loss_curve)).toBeLessThan(mean(scratch.json.loss_curve));
    expect(next.json.loss_curve.at(-1)).toBeLessThan(scratch.json.loss_curve.at(-1));
  });

  it("refuses a different architecture, an unknown version, and another dataset unless asked", async () => {
    await call("POST", "/v1/train", { ...opts, seed: 3, save_as: "chain2" }, ADMIN);
    let r = await call("POST", "/v1/train", { ...opts, init_from: { model: "chain2" }, arch: "two-layer" });
    expect(r.status).toBe(422);
    expect(r.json.errors[0].pointer).toBe("/arch");
    r = await call("POST", "/v1/train", { ...opts, init_from: { model: "chain2", version: 9 } });
    expect(r.status).toBe(404);
    expect(r.json.errors[0].pointer).toBe("/init_from/model");
    r = await call("POST", "/v1/train", { ...opts, init_from: { model: "chain2" }, dataset: "words" });
    expect(r.status).toBe(422);
    expect(r.json.errors[0].pointer).toBe("/dataset");
    r = await call("POST", "/v1/train", {
      ...opts,
      init_from: { model: "chain2" },
      dataset: "words",
      allow_other_dataset: true,
    });
    expect(r.status).toBe(200);
    expect(r.json.dataset.name).toBe("words");
  });
});

describe("dataset on the gradient check", () => {
  it("takes the first training images of the dataset; an unknown dataset is a 404", async () => {
    const ok = await call("POST", "/v1/gradient-check", { dataset: "words", samples: 2, hidden_size: 5 });
    expect(ok.status).toBe(200);
    expect(ok.json.passed).toBe(true);
    const missing = await call("POST", "/v1/gradient-check", { dataset: "nope" });
    expect(missing.status).toBe(404);
    expect(missing.json.errors[0].pointer).toBe("/dataset");
  });
});
