// The R2 dataset store and the streaming upload, on Miniflare's real R2: the official IDX .gz
// files of scripts/make-idx-set.mjs (served by the IDX_SET binding), plain IDX and the raw
// uint8 form all store the same bytes; sha-256s are checked against Web Crypto's digest of the
// source bytes; the grading split is carved from the end of the training files. Then the same
// through the API (SELF.fetch): a small IDX .gz set made here, and the full 60,000 / 10,000 set
// uploaded with one request per split, trained on for an epoch and evaluated on all 10,000.
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { getSplit, getSplitMeta, listDatasets, putSplitBytes } from "../../worker/datasets/bucket";
import { storeUpload } from "../../worker/datasets/upload";
import { fixtureBytes } from "./reference";

const sha = async (b: Uint8Array) =>
  [...new Uint8Array(await crypto.subtle.digest("SHA-256", b))].map((x) => x.toString(16).padStart(2, "0")).join("");

async function idxFile(name: string): Promise<Uint8Array> {
  const res = await env.IDX_SET.fetch(`http://idx/${name}`);
  if (!res.ok) throw new Error(`${name}: ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(
    await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer(),
  );
}

function form(files: Record<string, Uint8Array | string>): Request {
  const f = new FormData();
  for (const [name, v] of Object.entries(files)) {
    if (typeof v === "string") f.append(name, v);
    else f.append(name, new Blob([v]), name);
  }
  return new Request("http://localhost/", { method: "PUT", body: f });
}

const raw = (images: Uint8Array, labels: Uint8Array) => {
  const body = new Uint8Array(images.length + labels.length);
  body.set(images);
  body.set(labels, images.length);
  return new Request("http://localhost/", {
    method: "PUT",
    headers: { "content-type": "application/octet-stream", "content-length": String(body.length) },
    body,
  });
};

/** First index where two byte arrays differ (or their length), -1 when equal: vitest's deep equality is slow on megabytes. */
function difference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

async function keys(prefix: string): Promise<string[]> {
  return (await env.DATASETS.list({ prefix })).objects.map((o) => o.key).sort();
}

describe("dataset store (R2)", () => {
  it("stores the official t10k IDX .gz pair (10,000 images, a multipart upload) byte for byte", async () => {
    const [gzImages, gzLabels] = await Promise.all([
      idxFile("t10k-images-idx3-ubyte.gz"),
      idxFile("t10k-labels-idx1-ubyte.gz"),
    ]);
    const images = (await gunzip(gzImages)).subarray(16);
    const labels = (await gunzip(gzLabels)).subarray(8);
    const classes = (await (await env.IDX_SET.fetch("http://idx/classes.txt")).text()).trim().split("\n");
    const [meta] = await storeUpload(
      env.DATASETS,
      form({ images: gzImages, labels: gzLabels, classes: classes.join(",") }),
      { dataset: "shifted", split: "test" },
    );
    expect(meta).toMatchObject({ dataset: "shifted", split: "test", count: 10_000, classes });
    expect(meta.images.sha256).toBe(await sha(images));
    expect(meta.labels.sha256).toBe(await sha(labels));
    const stored = await getSplit(env.DATASETS, "shifted", "test");
    expect(difference(stored!.images, images)).toBe(-1);
    expect(difference(stored!.labels, labels)).toBe(-1);
    // The same files uncompressed, and the raw uint8 form, store the same bytes.
    const [plain] = await storeUpload(
      env.DATASETS,
      form({ images: await gunzip(gzImages), labels: await gunzip(gzLabels) }),
      { dataset: "shifted", split: "test" },
    );
    expect(plain.images.sha256).toBe(meta.images.sha256);
    expect(plain.classes).toEqual(classes); // kept from the stored split
    const [rawMeta] = await storeUpload(env.DATASETS, raw(images, labels), { dataset: "shifted", split: "test" });
    expect(rawMeta.labels.sha256).toBe(meta.labels.sha256);
    // Only the last upload's blobs remain.
    expect(await keys("datasets/shifted/test/")).toEqual(
      [rawMeta.images.key, rawMeta.labels.key, "datasets/shifted/test/meta.json"].sort(),
    );
  });

  it("carves the grading split from the end of the training files (one in eight by default)", async () => {
    const images = await fixtureBytes("mnist/train-images.u8");
    const labels = await fixtureBytes("mnist/train-labels.u8");
    const metas = await storeUpload(env.DATASETS, raw(images, labels), { dataset: "mnist", split: "train" });
    expect(metas.map((m) => [m.split, m.count])).toEqual([
      ["grading", 1000],
      ["train", 7000],
    ]);
    const train = await getSplit(env.DATASETS, "mnist", "train");
    const grading = await getSplit(env.DATASETS, "mnist", "grading");
    expect(difference(train!.images, images.subarray(0, 7000 * 784))).toBe(-1);
    expect(difference(grading!.images, images.subarray(7000 * 784))).toBe(-1);
    expect(difference(grading!.labels, labels.subarray(7000))).toBe(-1);
    // ?grading=0 keeps every image for training; a grading split uploaded on its own is not re-carved.
    const [all] = await storeUpload(env.DATASETS, raw(images, labels), {
      dataset: "whole",
      split: "train",
      grading: 0,
    });
    expect(all.count).toBe(8000);
    await storeUpload(env.DATASETS, raw(images.subarray(0, 784 * 500), labels.subarray(0, 500)), {
      dataset: "whole",
      split: "grading",
    });
    const again = await storeUpload(env.DATASETS, raw(images, labels), { dataset: "whole", split: "train" });
    expect(again.map((m) => [m.split, m.count])).toEqual([["train", 8000]]);
    const list = await listDatasets(env.DATASETS);
    const mnist = list.find((d) => d.name === "mnist")!;
    expect(mnist.splits.grading).toMatchObject({ count: 1000, private: true });
    expect(mnist.splits.grading.sha256).toBeUndefined();
    expect(mnist.splits.train.sha256!.images).toBe(await sha(images.subarray(0, 7000 * 784)));
  });

  it("refuses broken uploads and leaves no blobs behind", async () => {
    const gzImages = await idxFile("t10k-images-idx3-ubyte.gz");
    const gzLabels = await idxFile("t10k-labels-idx1-ubyte.gz");
    const cases: [Request, RegExp][] = [
      [form({ images: gzImages.subarray(0, gzImages.length - 1000), labels: gzLabels }), /gzip|truncated/],
      [form({ images: gzLabels, labels: gzImages }), /that is a labels file/],
      [form({ images: gzImages }), /missing the "labels" file/],
      [form({ images: gzImages, labels: gzLabels, extra: "x" }), /unknown form field "extra"/],
      [form({ images: gzImages, labels: gzLabels, classes: "a,b,c" }), /3 class names/],
      [raw(new Uint8Array(784 * 3), Uint8Array.of(1, 2, 10)), /label 10 is not a class 0..9/],
    ];
    for (const [req, message] of cases) {
      await expect(storeUpload(env.DATASETS, req, { dataset: "broken", split: "test" })).rejects.toThrow(message);
    }
    expect(await keys("datasets/broken/")).toEqual([]);
    expect(await getSplitMeta(env.DATASETS, "broken", "test")).toBeNull();
  });

  it("refuses class names that differ from the stored splits' (409)", async () => {
    const images = await fixtureBytes("mnist/test-images.u8");
    const labels = await fixtureBytes("mnist/test-labels.u8");
    await putSplitBytes(env.DATASETS, "named", "test", images, labels, { classes: "abcdefghij".split("") });
    await expect(
      storeUpload(env.DATASETS, raw(images, labels), {
        dataset: "named",
        split: "train",
        classes: "0123456789".split(""),
      }),
    ).rejects.toMatchObject({ status: 409 });
  });
});

const ADMIN = { authorization: "Bearer test-admin-token" };

/** An IDX file (big-endian header: magic 0x0803 and three sizes, or 0x0801 and one), gzip-compressed. */
async function idxGz(magic: number, dims: number[], payload: Uint8Array): Promise<Uint8Array> {
  const head = new DataView(new ArrayBuffer(4 + 4 * dims.length));
  head.setUint32(0, magic);
  dims.forEach((d, i) => head.setUint32(4 + 4 * i, d));
  const gz = new Blob([head.buffer, payload]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(gz).arrayBuffer());
}

async function putForm(path: string, files: Record<string, Uint8Array | string>): Promise<Response> {
  const f = new FormData();
  for (const [name, v] of Object.entries(files)) {
    if (typeof v === "string") f.append(name, v);
    else f.append(name, new Blob([v]), name);
  }
  return SELF.fetch(`http://x${path}`, { method: "PUT", headers: ADMIN, body: f });
}

describe("PUT /v1/datasets/{name}/{split} (through the Worker)", () => {
  it("stores IDX .gz files with class names; the grading split is carved, listed by count and never served", async () => {
    const images = await fixtureBytes("mnist/train-images.u8");
    const labels = await fixtureBytes("mnist/train-labels.u8");
    const n = 1600;
    const classes = "zero,one,two,three,four,five,six,seven,eight,nine";
    const res = await putForm("/v1/datasets/small-gz/train", {
      images: await idxGz(0x803, [n, 28, 28], images.subarray(0, n * 784)),
      labels: await idxGz(0x801, [n], labels.subarray(0, n)),
      classes,
    });
    expect(res.status).toBe(201);
    const { stored } = (await res.json()) as { stored: { split: string; count: number }[] };
    expect(stored.map((m) => [m.split, m.count])).toEqual([
      ["grading", 200],
      ["train", 1400],
    ]);
    const list = (await (await SELF.fetch("http://x/v1/datasets")).json()) as any;
    const d = list.datasets.find((x: any) => x.name === "small-gz");
    expect(d.classes).toEqual(classes.split(","));
    expect(d.splits.train.sha256).toEqual({
      images: await sha(images.subarray(0, 1400 * 784)),
      labels: await sha(labels.subarray(0, 1400)),
    });
    expect(d.splits.grading).toEqual({ count: 200, created: d.splits.grading.created, private: true });
    const u8 = await SELF.fetch("http://x/v1/mnist/samples?dataset=small-gz&split=train&n=3&offset=1397&format=u8");
    expect(
      difference(
        new Uint8Array(await u8.arrayBuffer()),
        Uint8Array.from([...images.subarray(1397 * 784, 1400 * 784), ...labels.subarray(1397, 1400)]),
      ),
    ).toBe(-1);
    const refused = await SELF.fetch("http://x/v1/mnist/samples?dataset=small-gz&split=grading");
    expect(refused.status).toBe(422);
    // What the store holds for grading is the last 200 images of the files.
    const grading = await getSplit(env.DATASETS, "small-gz", "grading");
    expect(difference(grading!.images, images.subarray(1400 * 784, n * 784))).toBe(-1);
  });

  it("uploads the official-format 60,000 / 10,000 .gz set with one request per split, trains an epoch on all 60,000 and evaluates on all 10,000", async () => {
    const files = Object.fromEntries(
      await Promise.all(
        [
          "train-images-idx3-ubyte.gz",
          "train-labels-idx1-ubyte.gz",
          "t10k-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz",
        ].map(async (f) => [f, await idxFile(f)] as const),
      ),
    );
    const classes = (await (await env.IDX_SET.fetch("http://idx/classes.txt")).text()).trim().split("\n").join(",");
    let res = await putForm("/v1/datasets/full/train?grading=0", {
      images: files["train-images-idx3-ubyte.gz"],
      labels: files["train-labels-idx1-ubyte.gz"],
      classes,
    });
    expect(res.status).toBe(201);
    res = await putForm("/v1/datasets/full/test", {
      images: files["t10k-images-idx3-ubyte.gz"],
      labels: files["t10k-labels-idx1-ubyte.gz"],
    });
    expect(res.status).toBe(201);
    const train = await SELF.fetch("http://x/v1/train", {
      method: "POST",
      headers: { ...ADMIN, "content-type": "application/json" },
      body: JSON.stringify({
        dataset: "full",
        steps: 600,
        eval_every: 600,
        lr_schedule: "constant",
        shift: 0,
        save_as: "full-net",
      }),
    });
    expect(train.status).toBe(200);
    const result = (await train.json()) as any;
    expect(result.data).toBe("the train split of full (60000 images)");
    expect(result.dataset.classes).toEqual(classes.split(","));
    const evaluated = (await (
      await SELF.fetch("http://x/v1/models/full-net/evaluate?split=test", { method: "POST" })
    ).json()) as any;
    expect(evaluated).toMatchObject({ dataset: "full", count: 10_000 });
    expect(evaluated.accuracy).toBe(result.final.test_accuracy);
    expect(evaluated.accuracy).toBeGreaterThan(0.9); // one epoch of the 784-50-10 net
    const other = await SELF.fetch("http://x/v1/models/full-net/evaluate?split=test&dataset=mnist", { method: "POST" });
    expect(other.status).toBe(422);
  });
});
