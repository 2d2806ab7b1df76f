// The model routes against numpy: networks made by the book's code (fixtures/generate_formats.py)
// are uploaded as np.savez files and their predictions compared with numpy's probabilities.
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { encodeNpy } from "../../core/io/npy";
import { encodeNpz, readNpz } from "../../core/io/npz";

const ADMIN = { authorization: "Bearer test-admin-token" };
const PIXELS = 784;

interface NetFixture {
  file: string;
  arch: string;
  activation: string | null;
  sample: number[];
  probabilities: number[][];
  labels: number[];
  accuracy: number;
  loss: number;
  confusion: number[][];
}

let nets: Record<string, NetFixture>;
let testImages: Uint8Array;
let testLabels: Uint8Array;
const npz: Record<string, Uint8Array> = {};

function put(name: string, body: BodyInit, type: string, query = ""): Promise<Response> {
  return SELF.fetch(`http://x/v1/models/${name}${query}`, {
    method: "PUT",
    headers: { ...ADMIN, "content-type": type },
    body,
  });
}

function post(path: string, body: BodyInit, type: string): Promise<Response> {
  return SELF.fetch(`http://x${path}`, { method: "POST", headers: { "content-type": type }, body });
}

/** The sample digits of a fixture as uint8 rows. */
function sampleRows(indices: number[]): Uint8Array {
  const out = new Uint8Array(indices.length * PIXELS);
  indices.forEach((idx, i) => out.set(testImages.subarray(idx * PIXELS, (idx + 1) * PIXELS), i * PIXELS));
  return out;
}

/** float32(p) / 255 for each pixel, as the book's load_mnist(normalize=True). */
function normalized(rows: Uint8Array): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows.length / PIXELS; r++)
    out.push(Array.from(rows.subarray(r * PIXELS, (r + 1) * PIXELS), (p) => Math.fround(p / 255)));
  return out;
}

interface Answer {
  predictions: { label: number; probabilities: number[]; top?: { label: number; probability: number }[] }[];
  model: { name: string; version: number };
}

function expectNumpy(answer: Answer, net: NetFixture): void {
  expect(answer.predictions.map((p) => p.label)).toEqual(net.labels);
  answer.predictions.forEach((p, r) => {
    p.probabilities.forEach((v, k) => expect(Math.abs(v - net.probabilities[r][k])).toBeLessThanOrEqual(1e-6));
  });
}

beforeAll(async () => {
  nets = (
    JSON.parse(new TextDecoder().decode(await fixture("formats/nets.json"))) as { nets: Record<string, NetFixture> }
  ).nets;
  testImages = await fixture("mnist/test-images.u8");
  testLabels = await fixture("mnist/test-labels.u8");
  for (const name of ["two_layer_sigmoid", "two_layer_relu_f4", "simple", "two_layer_sigmoid_fortran"])
    npz[name] = await fixture(`formats/net_${name}.npz`);
  // The held-out digits, so uploads record their accuracy (as `npm start` loads them).
  const body = new Uint8Array(testImages.length + testLabels.length);
  body.set(testImages);
  body.set(testLabels, testImages.length);
  const res = await SELF.fetch("http://x/v1/datasets/mnist/test", {
    method: "PUT",
    headers: { ...ADMIN, "content-type": "application/octet-stream" },
    body,
  });
  expect(res.status).toBe(201);
});

describe("upload, list, get, delete", () => {
  it("stores an np.savez network, records its test accuracy, lists and describes it", async () => {
    expect(await (await SELF.fetch("http://x/v1/models")).json()).toEqual({ models: [] });
    const res = await put("sig", npz.two_layer_sigmoid, "application/x-npz");
    expect(res.status).toBe(201);
    const meta = (await res.json()) as Record<string, any>;
    expect(res.headers.get("location")).toBe("/v1/models/sig?version=1");
    expect(meta).toMatchObject({
      name: "sig",
      version: 1,
      arch: "two-layer",
      activation: "sigmoid",
      source: "npz",
      dims: { input: 784, hidden: 50, output: 10 },
    });
    expect(meta.sha256).toMatch(/^[0-9a-f]{64}$/);
    // float32 storage and arithmetic may flip a near-tie argmax; numpy's float64 accuracy within 2 digits of 2,000.
    expect(Math.abs(meta.accuracy.accuracy - nets.two_layer_sigmoid.accuracy)).toBeLessThanOrEqual(2 / 2000);
    expect(meta.accuracy.count).toBe(2000);

    const second = await put("sig", npz.two_layer_relu_f4, "application/octet-stream", "?activation=relu");
    expect(second.status).toBe(201);
    const list = (await (await SELF.fetch("http://x/v1/models")).json()) as { models: Record<string, unknown>[] };
    expect(list.models).toEqual([
      expect.objectContaining({ name: "sig", arch: "two-layer", activation: "relu", hidden: 30, version: 2 }),
    ]);
    const got = (await (await SELF.fetch("http://x/v1/models/sig")).json()) as Record<string, any>;
    expect(got.version).toBe(2);
    expect(got.history.map((h: { version: number }) => h.version)).toEqual([1, 2]);
    const old = (await (await SELF.fetch("http://x/v1/models/sig?version=1")).json()) as Record<string, any>;
    expect(old.activation).toBe("sigmoid");

    const del = await SELF.fetch("http://x/v1/models/sig", { method: "DELETE", headers: ADMIN });
    expect(del.status).toBe(200);
    expect((await SELF.fetch("http://x/v1/models/sig")).status).toBe(404);
    expect(
      (await post("/v1/models/sig/predict", JSON.stringify({ x: new Array(784).fill(0) }), "application/json")).status,
    ).toBe(404);
    expect((await SELF.fetch("http://x/v1/models/sig", { method: "DELETE", headers: ADMIN })).status).toBe(404);
    expect(await (await SELF.fetch("http://x/v1/models")).json()).toEqual({ models: [] });
    expect((await env.KV.list({ prefix: "model/sig/" })).keys).toEqual([]);
  });

  it("accepts JSON params (nested lists) and predicts like the same network uploaded as npz", async () => {
    const arrays = await readNpz(npz.simple);
    const nested = (a: { data: ArrayLike<number>; shape: number[] }) =>
      a.shape.length === 1
        ? Array.from(a.data)
        : Array.from({ length: a.shape[0] }, (_, i) => Array.from(a.data).slice(i * a.shape[1], (i + 1) * a.shape[1]));
    const res = await put(
      "simple-json",
      JSON.stringify({ params: { W: nested(arrays.W), b: nested(arrays.b) } }),
      "application/json",
    );
    expect(res.status).toBe(201);
    expect(((await res.json()) as { arch: string }).arch).toBe("simple");
    const net = nets.simple;
    const answer = (await (
      await post(
        "/v1/models/simple-json/predict",
        JSON.stringify({ x: normalized(sampleRows(net.sample)) }),
        "application/json",
      )
    ).json()) as Answer;
    expectNumpy(answer, net);
  });
});

describe("predict agrees with numpy", () => {
  for (const name of ["two_layer_sigmoid", "two_layer_relu_f4", "simple", "two_layer_sigmoid_fortran"]) {
    it(`${name}: JSON, uint8 rows, .npy (u1, f4, f8 28x28) give numpy's labels and probabilities within 1e-6`, async () => {
      const net = nets[name === "two_layer_sigmoid_fortran" ? "two_layer_sigmoid" : name];
      const query = net.activation === "relu" ? "?activation=relu" : "";
      expect((await put("m", npz[name], "application/zip", query)).status).toBe(201);
      const rows = sampleRows(net.sample);
      const n = net.sample.length;
      const x = normalized(rows);
      const bodies: [BodyInit, string][] = [
        [JSON.stringify({ x }), "application/json"],
        [
          JSON.stringify({
            x: Array.from({ length: n }, (_, r) => Array.from(rows.subarray(r * PIXELS, (r + 1) * PIXELS))),
            scale: 255,
          }),
          "application/json",
        ],
        [rows, "application/octet-stream"],
        [encodeNpy({ data: rows, shape: [n, 784] }), "application/x-npy"],
        [encodeNpy({ data: Float32Array.from(x.flat()), shape: [n, 784] }), "application/x-npy"],
        [encodeNpy({ data: Float64Array.from(x.flat()), shape: [n, 28, 28] }), "application/octet-stream"],
      ];
      for (const [body, type] of bodies) {
        const res = await post("/v1/models/m/predict", body, type);
        expect(res.status).toBe(200);
        const answer = (await res.json()) as Answer;
        expect(answer.model).toEqual({ name: "m", version: 1, dataset: "mnist" });
        expectNumpy(answer, net);
      }
    });
  }

  it("one digit, top-k, and a JSON batch of all 2,000 test digits", async () => {
    expect((await put("m", npz.two_layer_sigmoid, "application/x-npz")).status).toBe(201);
    const net = nets.two_layer_sigmoid;
    const one = (await (
      await post(
        "/v1/models/m/predict",
        JSON.stringify({ x: normalized(sampleRows([net.sample[0]]))[0], top: 3 }),
        "application/json",
      )
    ).json()) as Answer;
    expect(one.predictions).toHaveLength(1);
    expect(one.predictions[0].label).toBe(net.labels[0]);
    expect(one.predictions[0].top!.map((t) => t.label)[0]).toBe(net.labels[0]);
    expect(one.predictions[0].top).toHaveLength(3);
    const p = one.predictions[0].probabilities;
    expect(one.predictions[0].top!.map((t) => t.probability)).toEqual([...p].sort((a, b) => b - a).slice(0, 3));

    const all = Array.from({ length: 2000 }, (_, r) => Array.from(testImages.subarray(r * PIXELS, (r + 1) * PIXELS)));
    const big = await post("/v1/models/m/predict", JSON.stringify({ x: all, scale: 255 }), "application/json");
    expect(big.status).toBe(200);
    const binary = await post("/v1/models/m/predict", testImages, "application/octet-stream");
    const [a, b] = [(await big.json()) as Answer, (await binary.json()) as Answer];
    expect(a.predictions).toHaveLength(2000);
    expect(a.predictions).toEqual(b.predictions);
    net.sample.forEach((idx, i) => expect(a.predictions[idx].label).toBe(net.labels[i]));
  });

  it("takes 10,000 binary rows and refuses 10,001", async () => {
    expect((await put("m", npz.simple, "application/x-npz")).status).toBe(201);
    const rows = new Uint8Array(10_000 * PIXELS);
    for (let r = 0; r < 10_000; r++)
      rows.set(testImages.subarray((r % 2000) * PIXELS, ((r % 2000) + 1) * PIXELS), r * PIXELS);
    const ok = await post("/v1/models/m/predict", rows, "application/octet-stream");
    expect(ok.status).toBe(200);
    const answer = (await ok.json()) as Answer;
    expect(answer.predictions).toHaveLength(10_000);
    expect(answer.predictions[2000 + nets.simple.sample[3]].label).toBe(nets.simple.labels[3]);
    const over = new Uint8Array(10_001 * PIXELS);
    const res = await post("/v1/models/m/predict", over, "application/octet-stream");
    expect(res.status).toBe(413);
  });
});

describe("PNG digits", () => {
  it("are preprocessed as numpy's mirror of the algorithm, then predicted", async () => {
    expect((await put("m", npz.simple, "application/x-npz")).status).toBe(201);
    const png = JSON.parse(new TextDecoder().decode(await fixture("formats/png.json"))) as {
      digits: { file: string; expected: number[] }[];
    };
    for (const digit of png.digits) {
      const viaPng = (await (
        await post("/v1/models/m/predict", await fixture(`formats/${digit.file}`), "image/png")
      ).json()) as Answer;
      const viaRows = (await (
        await post("/v1/models/m/predict", Uint8Array.from(digit.expected), "application/octet-stream")
      ).json()) as Answer;
      expect(viaPng.predictions).toEqual(viaRows.predictions);
    }
    const bad = (await fixture("formats/png_digit_rgb_light_bg.png")).slice(0, 100);
    const res = await post("/v1/models/m/predict", bad, "image/png");
    expect(res.status).toBe(422);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/decodePng: truncated/);
  });
});

describe("evaluate", () => {
  it("on the stored test split and on posted {x, t} equals numpy's accuracy, loss and confusion", async () => {
    expect((await put("m", npz.two_layer_relu_f4, "application/x-npz", "?activation=relu")).status).toBe(201);
    const net = nets.two_layer_relu_f4;
    const res = await SELF.fetch("http://x/v1/models/m/evaluate?split=test", { method: "POST" });
    expect(res.status).toBe(200);
    const e = (await res.json()) as { accuracy: number; loss: number; confusion: number[][]; count: number };
    expect(e.count).toBe(2000);
    expect(e.confusion.flat().reduce((s, v) => s + v, 0)).toBe(2000);
    expect(Math.abs(e.accuracy - net.accuracy)).toBeLessThanOrEqual(2 / 2000);
    expect(Math.abs(e.loss - net.loss)).toBeLessThanOrEqual(1e-5);
    const diff = e.confusion.flat().reduce((s, v, i) => s + Math.abs(v - net.confusion.flat()[i]), 0);
    expect(diff).toBeLessThanOrEqual(4);

    const rows = sampleRows(net.sample);
    const t = net.sample.map((i) => testLabels[i]);
    const posted = (await (
      await post("/v1/models/m/evaluate", JSON.stringify({ x: normalized(rows), t }), "application/json")
    ).json()) as { accuracy: number; count: number };
    const correct = net.labels.filter((l, i) => l === t[i]).length;
    expect(posted).toMatchObject({ accuracy: correct / t.length, count: t.length });
    const oneHot = t.map((l) => Array.from({ length: 10 }, (_, k) => (k === l ? 1 : 0)));
    const viaOneHot = (await (
      await post("/v1/models/m/evaluate", JSON.stringify({ x: normalized(rows), t: oneHot }), "application/json")
    ).json()) as { accuracy: number };
    expect(viaOneHot.accuracy).toBe(posted.accuracy);
    const badT = await post(
      "/v1/models/m/evaluate",
      JSON.stringify({ x: normalized(rows), t: [...t.slice(0, -1), 12] }),
      "application/json",
    );
    expect(badT.status).toBe(422);
    expect(((await badT.json()) as { errors: { pointer: string }[] }).errors[0].pointer).toBe(`/t/${t.length - 1}`);
  });
});

describe("consistency", () => {
  it("every answer during concurrent PUTs comes from exactly one whole version", async () => {
    const order = ["two_layer_sigmoid", "two_layer_relu_f4", "simple", "two_layer_sigmoid"];
    const queries = ["", "?activation=relu", "", ""];
    expect((await put("live", npz[order[0]], "application/x-npz")).status).toBe(201);
    const rows = sampleRows(nets.simple.sample); // the same sample digits in every fixture
    const predicts: Promise<Answer>[] = [];
    const puts: Promise<Response>[] = [];
    for (let k = 1; k < order.length; k++) {
      puts.push(put("live", npz[order[k]], "application/x-npz", queries[k]));
      for (let j = 0; j < 4; j++)
        predicts.push(
          post("/v1/models/live/predict", rows, "application/octet-stream").then((r) => r.json() as Promise<Answer>),
        );
    }
    const statuses = (await Promise.all(puts)).map((r) => r.status);
    expect(statuses).toEqual([201, 201, 201]);
    const versions = (await (await SELF.fetch("http://x/v1/models/live")).json()) as {
      version: number;
      history: { version: number }[];
    };
    expect(versions.version).toBe(4);
    expect(versions.history.map((h) => h.version)).toEqual([1, 2, 3, 4]);
    // Concurrent PUTs take version numbers in the order they reach the store, so read which
    // network each version holds from its metadata, then check every answer against it.
    const fixtureOf = new Map<number, NetFixture>();
    for (let v = 1; v <= 4; v++) {
      const meta = (await (await SELF.fetch(`http://x/v1/models/live?version=${v}`)).json()) as {
        arch: string;
        activation?: string;
      };
      fixtureOf.set(
        v,
        nets[
          meta.arch === "simple" ? "simple" : meta.activation === "relu" ? "two_layer_relu_f4" : "two_layer_sigmoid"
        ],
      );
    }
    expect(new Set([...fixtureOf.values()].map((n) => n.file))).toEqual(new Set(order.map((o) => nets[o].file)));
    for (const answer of await Promise.all(predicts)) expectNumpy(answer, fixtureOf.get(answer.model.version)!);
    // Every version stays readable.
    for (let v = 1; v <= 4; v++) {
      const r = await SELF.fetch(`http://x/v1/models/live/predict?version=${v}`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: rows,
      });
      expectNumpy((await r.json()) as Answer, fixtureOf.get(v)!);
    }
  });

  it("a flipped byte in KV gives a 500 'corrupt' problem, never an answer", async () => {
    expect((await put("fragile", npz.simple, "application/x-npz")).status).toBe(201);
    const key = "model/fragile/v/1/params";
    const stored = new Uint8Array((await env.KV.get(key, "arrayBuffer"))!);
    stored[1234] ^= 0x40;
    await env.KV.put(key, stored);
    const res = await post("/v1/models/fragile/predict", sampleRows([0]), "application/octet-stream");
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = (await res.json()) as { detail: string; corrupt: boolean };
    expect(body.detail).toMatch(/stored model "fragile" version 1 is corrupt: sha-256/);
    expect(body.corrupt).toBe(true);
    await env.KV.delete("model/fragile/v/1/meta");
    expect((await post("/v1/models/fragile/predict", sampleRows([0]), "application/octet-stream")).status).toBe(500);
  });
});

describe("OpenAPI", () => {
  it("documents every model and MNIST route with an example", async () => {
    const doc = (await (await SELF.fetch("http://x/openapi.json")).json()) as {
      paths: Record<string, Record<string, any>>;
    };
    const routes: [string, string][] = [
      ["/v1/models", "get"],
      ["/v1/models/{name}", "get"],
      ["/v1/models/{name}", "put"],
      ["/v1/models/{name}", "delete"],
      ["/v1/models/{name}/predict", "post"],
      ["/v1/models/{name}/evaluate", "post"],
      ["/v1/mnist/samples", "get"],
      ["/v1/datasets", "get"],
      ["/v1/datasets/{name}/{split}", "put"],
      ["/v1/datasets/{name}", "delete"],
    ];
    for (const [path, method] of routes) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      const text = JSON.stringify(op);
      expect(text, `${method} ${path}`).toMatch(/"example"/);
    }
    expect(
      (doc as unknown as { components: { securitySchemes: Record<string, unknown> } }).components.securitySchemes
        .bearer,
    ).toMatchObject({ type: "http", scheme: "bearer" });
    expect(Object.keys(doc.paths["/v1/models/{name}/predict"].post.requestBody.content).sort()).toEqual([
      "application/json",
      "application/octet-stream",
      "application/x-npy",
      "image/png",
    ]);
  });
});

describe("errors", () => {
  async function problem(
    res: Response,
    status: number,
  ): Promise<{ detail: string; errors: { pointer: string; message: string }[] }> {
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    return (await res.json()) as { detail: string; errors: { pointer: string; message: string }[] };
  }

  it("refuses bad uploads with a pointer and stores nothing", async () => {
    const arrays = await readNpz(npz.two_layer_sigmoid);
    const W1 = arrays.W1;
    const short = { data: W1.data.slice(0, 783 * 50), shape: [783, 50] };
    let p = await problem(await put("bad", encodeNpz({ ...arrays, W1: short }), "application/x-npz"), 422);
    expect(p.errors[0].pointer).toBe("/W1");
    expect(p.detail).toMatch(/\(783, 50\)/);
    p = await problem(
      await put("bad", encodeNpz({ ...arrays, b2: { data: new Uint8Array(10), shape: [10] } }), "application/x-npz"),
      422,
    );
    expect(p.errors[0].pointer).toBe("/b2");
    p = await problem(
      await put("bad", encodeNpz({ W1: arrays.W1, b1: arrays.b1, W2: arrays.W2 }), "application/x-npz"),
      422,
    );
    expect(p.detail).toMatch(/missing param "b2"/);
    p = await problem(await put("bad", await fixture("formats/npz_bomb.npz"), "application/x-npz"), 422);
    expect(p.detail).toMatch(/decompress to more than 33554432 bytes/);
    p = await problem(await put("bad", npz.two_layer_sigmoid.slice(0, 5000), "application/x-npz"), 422);
    expect(p.detail).toMatch(/readZip: /);
    const bigEndian = await fixture("formats/npy_bad_big_endian.npy");
    p = await problem(await put("bad", encodeZipOf({ "W.npy": bigEndian }), "application/x-npz"), 422);
    expect(p.detail).toMatch(/big-endian/);
    p = await problem(await put("bad", JSON.stringify({ params: { W: [[0.1, "x"]] } }), "application/json"), 422);
    expect(p.errors[0].pointer).toBe("/params/W/0/1");
    p = await problem(await put("bad", JSON.stringify({ arch: "cnn", params: { W: [[1]] } }), "application/json"), 422);
    expect(p.errors[0].pointer).toBe("/arch");
    p = await problem(await put("bad", "{oops", "application/json"), 400);
    p = await problem(await put("bad", "W1=1", "text/plain"), 415);
    p = await problem(await put("bad", "not a zip", "application/octet-stream"), 422);
    p = await problem(await put("bad name!", npz.simple, "application/x-npz"), 422);
    const huge = new Uint8Array(16 * 1024 * 1024 + 1);
    huge.set([0x50, 0x4b, 3, 4]);
    p = await problem(await put("bad", huge, "application/x-npz"), 413);
    expect((await SELF.fetch("http://x/v1/models/bad")).status).toBe(404);
    expect((await env.KV.list({ prefix: "model/bad/" })).keys).toEqual([]);
  });

  it("refuses bad predict inputs with element-precise pointers", async () => {
    expect((await put("m", npz.simple, "application/x-npz")).status).toBe(201);
    const x = normalized(sampleRows([0, 1, 2, 3, 4]));
    (x[3] as unknown[])[100] = "NaN";
    let p = await problem(await post("/v1/models/m/predict", JSON.stringify({ x }), "application/json"), 422);
    expect(p.errors[0].pointer).toBe("/x/3/100");
    const ragged = normalized(sampleRows([0, 1]));
    ragged[1].pop();
    p = await problem(await post("/v1/models/m/predict", JSON.stringify({ x: ragged }), "application/json"), 422);
    expect(p.errors[0].pointer).toBe("/x/1");
    p = await problem(await post("/v1/models/m/predict", JSON.stringify({ x: [[1, 2, 3]] }), "application/json"), 422);
    expect(p.detail).toMatch(/\/x\/0: a row of 3 numbers: expected 784 or 28/);
    p = await problem(
      await post("/v1/models/m/predict", JSON.stringify({ x: x[0], top: 11 }), "application/json"),
      422,
    );
    expect(p.errors[0].pointer).toBe("/top");
    p = await problem(
      await post("/v1/models/m/predict", JSON.stringify({ x: x[0], scale: 10 }), "application/json"),
      422,
    );
    expect(p.errors[0].pointer).toBe("/scale");
    p = await problem(await post("/v1/models/m/predict", new Uint8Array(785), "application/octet-stream"), 422);
    p = await problem(
      await post("/v1/models/m/predict", await fixture("formats/npy_bad_int64.npy"), "application/x-npy"),
      422,
    );
    expect(p.detail).toMatch(/dtype <i8 is not supported/);
    p = await problem(await post("/v1/models/m/predict", "x", "text/csv"), 415);
    p = await problem(await post("/v1/models/nope/predict", JSON.stringify({ x: x[0] }), "application/json"), 404);
    p = await problem(await SELF.fetch("http://x/v1/models/m/evaluate?split=train", { method: "POST" }), 404);
    expect(p.detail).toMatch(/train split of dataset "mnist" is not stored/);
  });

  it("names unknown keys of predict and evaluate bodies with a did-you-mean", async () => {
    expect((await put("m", npz.simple, "application/x-npz")).status).toBe(201);
    const x = normalized(sampleRows([0]))[0];
    let p = await problem(
      await post("/v1/models/m/predict", JSON.stringify({ x, topp: 3, colour: 1 }), "application/json"),
      422,
    );
    expect(p.errors).toEqual([
      { pointer: "/topp", message: 'unknown field "topp"; did you mean "top"?' },
      { pointer: "/colour", message: 'unknown field "colour"' },
    ]);
    // evaluate reads x, t and scale: top is not one of them, so a typo of t is named, and top too.
    p = await problem(
      await post("/v1/models/m/evaluate", JSON.stringify({ x: [x], tt: [7], top: 3 }), "application/json"),
      422,
    );
    expect(p.errors).toEqual([
      { pointer: "/tt", message: 'unknown field "tt"; did you mean "t"?' },
      { pointer: "/top", message: 'unknown field "top"; did you mean "t"?' },
    ]);
    expect(p.detail).toBe('unknown field(s) "tt", "top"; the fields are x, t, scale');
  });
});

function encodeZipOf(files: Record<string, Uint8Array>): Uint8Array {
  // A stored zip around raw entries (encodeNpz would re-encode the array).
  const arrays: Record<string, { data: Uint8Array; shape: number[] }> = {};
  void arrays;
  return zipStored(files);
}

import { encodeZip as zipStored } from "../../core/io/zip";
import { fixtureBytes as fixture } from "./reference";
