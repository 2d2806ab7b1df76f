// The mnist dataset in R2: upload through the admin route (IDX files in a form, and the raw
// uint8 form), samples of the public splits, and the private grading split that is never served.
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { fixtureBytes as fixture } from "./reference";

const ADMIN = { authorization: "Bearer test-admin-token" };
const PIXELS = 784;
let images: Uint8Array;
let labels: Uint8Array;

function putSplit(split: string, body: BodyInit, type?: string): Promise<Response> {
  return SELF.fetch(`http://x/v1/datasets/mnist/${split}`, {
    method: "PUT",
    headers: { ...ADMIN, ...(type ? { "content-type": type } : {}) },
    body,
  });
}

interface Samples {
  split: string;
  indices: number[];
  t: number[];
  x: number[][];
}

const samples = async (query: string): Promise<Samples> => {
  const res = await SELF.fetch(`http://x/v1/mnist/samples?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Samples;
};

beforeAll(async () => {
  images = await fixture("mnist/test-images.u8");
  labels = await fixture("mnist/test-labels.u8");
  // The official IDX layout: magic 0x00000803 and three big-endian sizes, magic 0x00000801 and one.
  const idx = (magic: number, dims: number[], payload: Uint8Array) => {
    const head = new DataView(new ArrayBuffer(4 + 4 * dims.length));
    head.setUint32(0, magic);
    dims.forEach((d, i) => head.setUint32(4 + 4 * i, d));
    return new Blob([head.buffer, payload]);
  };
  const form = new FormData();
  form.append("images", idx(0x803, [2000, 28, 28], images), "t10k-images-idx3-ubyte");
  form.append("labels", idx(0x801, [2000], labels), "t10k-labels-idx1-ubyte");
  const res = await putSplit("test", form);
  expect(res.status).toBe(201);
  expect(await res.json()).toMatchObject({ stored: [{ dataset: "mnist", split: "test", count: 2000 }] });
});

describe("GET /v1/mnist/samples", () => {
  it("draws n distinct digits, the same for the same seed, with their labels and the book's normalisation", async () => {
    const a = await samples("split=test&n=10&seed=1");
    expect(a.indices).toHaveLength(10);
    expect(new Set(a.indices).size).toBe(10);
    a.indices.forEach((idx, i) => {
      expect(idx).toBeGreaterThanOrEqual(0);
      expect(idx).toBeLessThan(2000);
      expect(a.t[i]).toBe(labels[idx]);
      expect(a.x[i]).toEqual(
        Array.from(images.subarray(idx * PIXELS, (idx + 1) * PIXELS), (p) => Math.fround(p / 255)),
      );
    });
    expect((await samples("split=test&n=10&seed=1")).indices).toEqual(a.indices);
    expect((await samples("split=test&n=10&seed=2")).indices).not.toEqual(a.indices);
    const ints = await samples("n=3&seed=1&scale=255");
    expect(ints.x[0]).toEqual(Array.from(images.subarray(a.indices[0] * PIXELS, (a.indices[0] + 1) * PIXELS)));
  });

  it("serves the whole split, consecutive runs with offset, and raw bytes", async () => {
    const all = await samples("n=2000&seed=5");
    expect([...all.indices].sort((p, q) => p - q)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    const run = await samples("n=3&offset=1997");
    expect(run.indices).toEqual([1997, 1998, 1999]);
    expect(run.t).toEqual([labels[1997], labels[1998], labels[1999]]);
    const res = await SELF.fetch("http://x/v1/mnist/samples?n=4&offset=10&format=u8");
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("x-count")).toBe("4");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes).toEqual(new Uint8Array([...images.subarray(10 * PIXELS, 14 * PIXELS), ...labels.subarray(10, 14)]));
  });

  it("refuses out-of-range parameters and unknown splits", async () => {
    for (const q of [
      "n=0",
      "n=2001",
      "n=5&offset=1996",
      "seed=-1",
      "n=abc",
      "format=csv",
      "split=valid",
      "dataset=A",
    ]) {
      const res = await SELF.fetch(`http://x/v1/mnist/samples?${q}`);
      expect(res.status, q).toBe(422);
    }
    expect((await SELF.fetch("http://x/v1/mnist/samples?dataset=fashion")).status).toBe(404);
    const res = await SELF.fetch("http://x/v1/mnist/samples?split=train");
    expect(res.status).toBe(404);
  });
});

describe("PUT /v1/datasets/mnist/:split", () => {
  it("takes images followed by labels as octet-stream, and replaces the split", async () => {
    const n = 5;
    const body = new Uint8Array(n * (PIXELS + 1));
    body.set(images.subarray(0, n * PIXELS));
    body.set(labels.subarray(0, n), n * PIXELS);
    expect((await putSplit("train", body, "application/octet-stream")).status).toBe(201);
    expect((await samples("split=train&n=5&offset=0")).t).toEqual(Array.from(labels.subarray(0, 5)));
    body[n * PIXELS] = 9 - labels[0];
    expect((await putSplit("train", body, "application/octet-stream")).status).toBe(201);
    expect((await samples("split=train&n=1&offset=0")).t).toEqual([9 - labels[0]]);
    // The first upload's blobs are gone: only one images and one labels blob for the split.
    const keys = (await env.DATASETS.list({ prefix: "datasets/mnist/train/" })).objects.map((o) => o.key);
    expect(keys.filter((k) => k.endsWith("/images"))).toHaveLength(1);
  });

  it("refuses wrong sizes, bad labels, wrong types, and a corrupt stored split", async () => {
    let res = await putSplit("train", new Uint8Array(786), "application/octet-stream");
    expect(res.status).toBe(422);
    const bad = new Uint8Array(785);
    bad[784] = 10;
    res = await putSplit("train", bad, "application/octet-stream");
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: { pointer: string }[] }).errors[0].pointer).toBe("/labels/0");
    res = await putSplit("train", "hello", "text/plain");
    expect(res.status).toBe(415);
    const form = new FormData();
    form.append("images", new Blob([images.subarray(0, 784)]));
    res = await putSplit("train", form);
    expect(res.status).toBe(422);
    res = await putSplit("valid", new Uint8Array(785), "application/octet-stream");
    expect(res.status).toBe(422);

    const body = new Uint8Array(2 * (PIXELS + 1));
    body[2 * PIXELS] = 3;
    expect((await putSplit("train", body, "application/octet-stream")).status).toBe(201);
    const trainMeta = (await (await env.DATASETS.get("datasets/mnist/train/meta.json"))!.json()) as {
      labels: { key: string };
    };
    await env.DATASETS.put(trainMeta.labels.key, new Uint8Array([3, 4]));
    res = await SELF.fetch("http://x/v1/mnist/samples?split=train&n=1");
    expect(res.status).toBe(500);
    expect(((await res.json()) as { detail: string }).detail).toMatch(
      /stored mnist train split is corrupt: sha-256 of .*labels does not match/,
    );
  });
});
