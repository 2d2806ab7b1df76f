import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { fixtureBytes, loadDefaults } from "./defaults";

/**
 * Predicts racing PUTs and DELETEs of the same model: every answer is either a whole version's
 * (the same network is uploaded each time, so its labels are known) or a clean 404 — never a
 * 500, never a mixed model — and after the last DELETE nothing of the model is left in KV.
 */
const ADMIN = { authorization: "Bearer test-admin-token" };
let npz: Uint8Array;
let rows: Uint8Array;
let labels: number[];

beforeAll(async () => {
  await loadDefaults();
  npz = await fixtureBytes("formats/net_two_layer_sigmoid.npz");
  rows = (await fixtureBytes("mnist/test-images.u8")).slice(0, 784 * 8);
  expect((await put()).status).toBe(201);
  labels = (await predict()).json.predictions.map((p: { label: number }) => p.label);
});

const put = () =>
  SELF.fetch("http://x/v1/models/churn", {
    method: "PUT",
    headers: { ...ADMIN, "content-type": "application/zip" },
    body: npz,
  });
const del = () => SELF.fetch("http://x/v1/models/churn", { method: "DELETE", headers: ADMIN });

async function predict() {
  const res = await SELF.fetch("http://x/v1/models/churn/predict", {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body: rows,
  });
  return { status: res.status, type: res.headers.get("content-type"), json: (await res.json()) as any };
}

describe("predicts while versions are PUT and deleted", () => {
  it("answer from a whole version or 404, never 500", async () => {
    const outcomes: { status: number; type: string | null; json: any }[] = [];
    for (let round = 0; round < 6; round++) {
      const writes = round % 2 ? [del(), put()] : [put(), del(), put()];
      const reads = Array.from({ length: 8 }, predict);
      const [, done] = await Promise.all([Promise.all(writes), Promise.all(reads)]);
      outcomes.push(...done);
    }
    for (const o of outcomes) {
      if (o.status === 200) expect(o.json.predictions.map((p: { label: number }) => p.label)).toEqual(labels);
      else {
        expect(o.status, JSON.stringify(o.json)).toBe(404);
        expect(o.type).toBe("application/problem+json");
      }
    }
    expect(outcomes.some((o) => o.status === 200)).toBe(true);
  });

  it("leaves nothing behind after the last DELETE", async () => {
    expect((await del()).status).toBeLessThan(300);
    expect((await env.KV.list({ prefix: "model/churn/" })).keys).toEqual([]);
    expect(await env.KV.get("model-pointer/churn")).toBeNull();
    expect((await predict()).status).toBe(404);
  });
});

describe("racing uploads of the same split", () => {
  it("leave the split readable and only the blobs its meta names", async () => {
    const images = await fixtureBytes("mnist/test-images.u8");
    const labels = await fixtureBytes("mnist/test-labels.u8");
    const put = (n: number) =>
      SELF.fetch("http://x/v1/datasets/mnist/train", {
        method: "PUT",
        headers: { ...ADMIN, "content-type": "application/octet-stream" },
        body: new Blob([images.slice(0, n * 784), labels.slice(0, n)]),
      });
    for (let round = 0; round < 3; round++) {
      const statuses = (await Promise.all([put(100), put(200), put(100), put(300)])).map((r) => r.status);
      expect(statuses).toEqual([201, 201, 201, 201]);
      const res = await SELF.fetch("http://x/v1/mnist/samples?split=train&n=5&seed=1");
      expect(res.status).toBe(200);
      const keys = (await env.DATASETS.list({ prefix: "datasets/mnist/train/" })).objects.map((o) => o.key).sort();
      const meta = (await (await env.DATASETS.get("datasets/mnist/train/meta.json"))!.json()) as {
        images: { key: string };
        labels: { key: string };
      };
      expect(keys).toEqual([meta.images.key, meta.labels.key, "datasets/mnist/train/meta.json"].sort());
    }
  });
});
