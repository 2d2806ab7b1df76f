// POST /v1/gradient-check: the book's gradient_check.py (TwoLayerNet 784-50-10, x_train[:3]).
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { gradient } from "../../core/nn/gradient";
import { gradientCheck } from "../../core/nn/gradient-check";
import { initNetwork } from "../../core/nn/init";
import { toFloat64 } from "../../core/nn/network";
import { referenceGradient, referenceInputs } from "../../core/nn/reference";
import { Random } from "../../core/random";
import { putDataset } from "../../worker/store/datasets";
import { fixtureBytes as fixture } from "./reference";

let trainImages: Uint8Array;
let trainLabels: Uint8Array;


async function check(body: unknown): Promise<{ status: number; json: any }> {
  const res = await SELF.fetch("http://x/v1/gradient-check", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

beforeAll(async () => {
  trainImages = await fixture("mnist/train-images.u8");
  trainLabels = await fixture("mnist/train-labels.u8");
  await putDataset(env.KV, "train", trainImages, trainLabels);
});

describe("POST /v1/gradient-check", () => {
  it("the book's check: 784-50-10 on the first 3 digits, every mean difference below 1e-6", async () => {
    const { status, json } = await check({});
    expect(status).toBe(200);
    expect(json.network).toEqual({ arch: "two-layer", activation: "sigmoid", hidden_size: 50, parameters: 39760 });
    expect(json.samples).toBe(3);
    expect(Object.keys(json.params)).toEqual(["W1", "b1", "W2", "b2"]);
    expect(json.params.W1.shape).toEqual([784, 50]);
    for (const p of Object.values(json.params) as any[]) {
      expect(p.mean_abs_diff).toBeLessThan(1e-6);
      expect(p.fast_mean_abs_diff).toBeLessThan(1e-6);
    }
    expect(json.passed).toBe(true);
    expect(json.message).toMatch(/^backprop agrees with the numerical gradient \(W1: .*\)/);
    // The differences are measured against gradients that are not themselves ~0: the b2
    // gradient of a fresh net on 3 digits is about (softmax - onehot) / 3 ~ 0.3 per class.
    const x = referenceInputs({ data: trainImages.subarray(0, 3 * 784), rows: 3, cols: 784 });
    const net = toFloat64(initNetwork({ arch: "two-layer", activation: "sigmoid", hiddenSize: 50 }, new Random(0)));
    const bp = referenceGradient(net, x, trainLabels.subarray(0, 3), 3);
    expect(Math.max(...Array.from(bp.grads.b2, Math.abs))).toBeGreaterThan(0.1);
    expect(json.params.b2.mean_abs_diff).toBeLessThan(1e-6 * Math.max(...Array.from(bp.grads.b2, Math.abs)));
    expect(json.loss).toBeCloseTo(bp.loss, 12);
  });

  it("posted {x, t} with relu and simple nets give the engine's numbers", async () => {
    const x = Array.from({ length: 4 }, (_, r) => Array.from(trainImages.subarray((10 + r) * 784, (11 + r) * 784)));
    const t = Array.from(trainLabels.subarray(10, 14));
    for (const opts of [{ arch: "two-layer", activation: "relu", hidden_size: 7, init: "he", seed: 4 }, { arch: "simple", seed: 2, weight_init_std: 0.1 }] as const) {
      const { status, json } = await check({ ...opts, x, t, scale: 255 });
      expect(status).toBe(200);
      const batch = { data: Uint8Array.from(x.flat()), rows: 4, cols: 784 };
      const net32 = initNetwork({ arch: opts.arch, activation: "activation" in opts ? opts.activation : "sigmoid", hiddenSize: "hidden_size" in opts ? opts.hidden_size : undefined, init: "init" in opts ? opts.init : undefined, weightInitStd: "weight_init_std" in opts ? opts.weight_init_std : undefined }, new Random(opts.seed));
      const ref = gradientCheck(toFloat64(net32), referenceInputs({ data: Float32Array.from(batch.data, (p) => Math.fround(p / 255)), rows: 4, cols: 784 }), t, 4, gradient(net32, batch, t).grads);
      for (const [k, v] of Object.entries(ref.params)) {
        expect(json.params[k].mean_abs_diff).toBe(v.meanAbsDiff);
        expect(json.params[k].mean_abs_diff).toBeLessThan(1e-6);
      }
    }
  });

  it("refuses work over the cap, bad options and bad data with a 422 naming the field", async () => {
    const big = await check({ hidden_size: 1024, samples: 100 });
    expect(big.status).toBe(422);
    expect(big.json.detail).toMatch(/about .* operations, over the cap of 5.00e\+9/);
    expect(big.json.cap).toBe(5e9);
    expect(big.json.errors[0].pointer).toBe("/hidden_size");
    const cases: [object, string][] = [
      [{ samples: 0 }, "/samples"], [{ samples: 101 }, "/samples"], [{ h: 0 }, "/h"], [{ arch: "cnn" }, "/arch"], [{ hidden: 5 }, ""],
      [{ x: [[1, 2]], t: [1] }, "/x"], [{ x: [new Array(784).fill(0)], t: [12] }, "/t/0"], [{ x: [new Array(784).fill(0)], t: [1], samples: 1 }, "/samples"],
    ];
    for (const [body, pointer] of cases) {
      const r = await check(body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.json.errors[0].pointer, JSON.stringify(body)).toBe(pointer);
    }
  });
});
