// POST /v1/gradient-check: the book's gradient_check.py (TwoLayerNet 784-50-10, x_train[:3]),
// checked against numpy: fixtures/generate_edges.py runs the book's TwoLayerNet (and simpleNet
// grown to MNIST) on the same initial weights (core/nn/init.ts's stream, ported to Python) and
// the same digits, and records gradient_check.py's differences and the loss.
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { expectClose } from "../helpers/expect-close";
import { loadDefaults } from "./defaults";
import { loadReference } from "./reference";

interface CheckCase {
  name: string;
  body: Record<string, unknown>;
  loss: number;
  mean_abs_diff: Record<string, number>;
  max_abs_grad: Record<string, number>;
}
let cases: CheckCase[];

async function check(body: unknown): Promise<{ status: number; json: any }> {
  const res = await SELF.fetch("http://x/v1/gradient-check", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

beforeAll(async () => {
  cases = (await loadReference<CheckCase[]>("gradient-check")).cases;
  await loadDefaults({ train: true });
});

describe("POST /v1/gradient-check", () => {
  it("the book's check: 784-50-10 on the first 3 digits, numpy's loss and differences", async () => {
    const ref = cases[0];
    expect(ref.body).toEqual({});
    const { status, json } = await check({});
    expect(status).toBe(200);
    expect(json.network).toEqual({ arch: "two-layer", activation: "sigmoid", hidden_size: 50, parameters: 39760 });
    expect(json.samples).toBe(3);
    expect(Object.keys(json.params)).toEqual(["W1", "b1", "W2", "b2"]);
    expect(json.params.W1.shape).toEqual([784, 50]);
    expectClose(json.loss, ref.loss, { rtol: 1e-12 });
    for (const [k, diff] of Object.entries(ref.mean_abs_diff)) {
      // h = 1e-4: the differences mix the maths (delta = 1e-7 in the loss) with rounding noise
      // of the summation order, numpy's BLAS or ours: equal in magnitude, not in digits.
      expect(json.params[k].mean_abs_diff, k).toBeGreaterThan(diff / 10);
      expect(json.params[k].mean_abs_diff, k).toBeLessThan(diff * 10);
      expect(json.params[k].fast_mean_abs_diff, k).toBeLessThan(1e-6);
    }
    // The differences are measured against gradients that are not themselves ~0.
    expect(ref.max_abs_grad.b2).toBeGreaterThan(0.1);
    expect(json.passed).toBe(true);
    expect(json.message).toMatch(/^backprop agrees with the numerical gradient \(W1: .*\)/);
  });

  it("posted {x, t}, relu, sigmoid and simple nets: numpy's differences where the maths decides them (h = 1e-2)", async () => {
    const posted = cases.slice(1);
    expect(posted.length).toBe(4);
    for (const ref of posted) {
      const { status, json } = await check(ref.body);
      expect(status, ref.name).toBe(200);
      expectClose(json.loss, ref.loss, { rtol: 1e-12 });
      for (const [k, diff] of Object.entries(ref.mean_abs_diff)) {
        if (ref.body.h === 1e-2) expectClose(json.params[k].mean_abs_diff, diff, { rtol: 1e-6 });
        else {
          expect(json.params[k].mean_abs_diff, `${ref.name} ${k}`).toBeGreaterThan(diff / 10);
          expect(json.params[k].mean_abs_diff, `${ref.name} ${k}`).toBeLessThan(diff * 10);
        }
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
      [{ samples: 0 }, "/samples"],
      [{ samples: 101 }, "/samples"],
      [{ h: 0 }, "/h"],
      [{ arch: "cnn" }, "/arch"],
      [{ hidden: 5 }, "/hidden"],
      [{ x: [[1, 2]], t: [1] }, "/x/0"],
      [{ x: [new Array(784).fill(0)], t: [12] }, "/t/0"],
      [{ x: [new Array(784).fill(0)], t: [1], samples: 1 }, "/samples"],
    ];
    for (const [body, pointer] of cases) {
      const r = await check(body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.json.errors[0].pointer, JSON.stringify(body)).toBe(pointer);
    }
  });
});
