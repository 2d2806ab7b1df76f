// The book's names where a learner types them: gradient_descent(f, init_x, lr, step_num) on
// /v1/descent, train_neuralnet.py's iters_num, batch_size, learning_rate, hidden_size on
// /v1/train. The earlier names (init, steps, lr / learning_rate) still work; both at once and
// unknown keys are 422s naming each key, with a did-you-mean.
import { describe, expect, it } from "vitest";
import { post } from "./reference";

const F = "x[0]**2 + x[1]**2";

/** Four posted digits (pixels 0..1) and their labels: a tiny job that needs no stored data. */
const DIGITS = {
  x: Array.from({ length: 4 }, (_, r) => Array.from({ length: 784 }, (_, i) => ((i * 7 + r * 13) % 17) / 16)),
  t: [1, 7, 3, 1],
};

describe("/v1/descent: gradient_descent(f, init_x, lr, step_num)", () => {
  it("takes the book's names, and gives the same x under the earlier ones", async () => {
    const book = await post("/v1/descent", { f: F, init_x: [-3, 4], lr: 0.1, step_num: 100 });
    expect(book.status).toBe(200);
    expect(book.json.x).toEqual([-6.111107928998789e-10, 8.148143905314271e-10]);
    const older = await post("/v1/descent", { f: F, init: [-3, 4], learning_rate: 0.1, steps: 100 });
    expect(older.status).toBe(200);
    expect(older.json).toEqual(book.json);
  });

  it("an unknown key is a 422 naming it, with the book's name it is closest to", async () => {
    const res = await post("/v1/descent", { f: F, init_x: [-3, 4], step_numm: 10 });
    expect(res.status).toBe(422);
    expect(res.type).toBe("application/problem+json");
    expect(res.json.errors).toEqual([
      { pointer: "/step_numm", message: 'unknown field "step_numm"; did you mean "step_num"?' },
    ]);
    expect(res.json.detail).toContain("f, init_x, lr, step_num");
  });

  it("names every unknown key, and says so in Korean too", async () => {
    const body = { f: F, init_x: [-3, 4], inti_x: [1, 1], learningrate: 0.1, colour: "red" };
    const res = await post("/v1/descent?lang=ko", body);
    expect(res.status).toBe(422);
    expect(res.json.errors.map((e: any) => e.pointer)).toEqual(["/inti_x", "/learningrate", "/colour"]);
    expect(res.json.errors[0].message).toBe('알 수 없는 필드 "inti_x". "init_x" 필드를 쓰려던 것인가요?');
    expect(res.json.errors[1].message).toMatch(/"learning_rate"/);
    expect(res.json.errors[2].message).toBe('알 수 없는 필드 "colour"');
  });

  it("a field under both its names is a 422", async () => {
    const res = await post("/v1/descent", { f: F, init_x: [-3, 4], step_num: 10, steps: 20 });
    expect(res.status).toBe(422);
    expect(res.json.errors[0].pointer).toBe("/steps");
    expect(res.json.errors[0].message).toBe('"steps" is another name for "step_num": send one of them, not both');
    const init = await post("/v1/descent", { f: F, init_x: [-3, 4], init: [-3, 4] });
    expect(init.json.errors[0].pointer).toBe("/init");
  });

  it("every compute route names its unknown keys", async () => {
    const softmax = await post("/v1/softmax", { x: [1, 2], axsi: 1 });
    expect(softmax.status).toBe(422);
    expect(softmax.json.errors).toEqual([{ pointer: "/axsi", message: 'unknown field "axsi"' }]);
    const mse = await post("/v1/loss/mse", { y: [1], tt: [1] });
    expect(mse.json.errors).toEqual([{ pointer: "/tt", message: 'unknown field "tt"; did you mean "t"?' }]);
  });

  it("the starting point is required under either name", async () => {
    const res = await post("/v1/descent", { f: F, step_num: 10 });
    expect(res.status).toBe(422);
    expect(res.json.errors[0].pointer).toBe("/init_x");
  });

  it("errors point at the name that was sent", async () => {
    const book = await post("/v1/descent", { f: F, init_x: [1, 2], step_num: 1.5 });
    expect(book.json.errors[0].pointer).toBe("/step_num");
    const older = await post("/v1/descent", { f: F, init: [1, 2], steps: 1.5 });
    expect(older.json.errors[0].pointer).toBe("/steps");
  });
});

describe("/v1/train: train_neuralnet.py's iters_num, batch_size, learning_rate, hidden_size", () => {
  const common = { arch: "two-layer", activation: "sigmoid", shift: 0, seed: 3, eval_every: 0, ...DIGITS };

  it("takes the book's names, echoes them, and trains the same net under the earlier ones", async () => {
    const book = await post("/v1/train", {
      ...common,
      iters_num: 6,
      batch_size: 2,
      learning_rate: 0.1,
      hidden_size: 5,
    });
    expect(book.status, book.text).toBe(200);
    expect(book.json.options).toMatchObject({ iters_num: 6, batch_size: 2, learning_rate: 0.1, hidden_size: 5 });
    expect(book.json.loss_curve).toHaveLength(6);
    const older = await post("/v1/train", { ...common, steps: 6, batch_size: 2, lr: 0.1, hidden_size: 5 });
    expect(older.status).toBe(200);
    expect(older.json.loss_curve).toEqual(book.json.loss_curve);
    expect(older.json.options).toEqual(book.json.options);
  });

  it("names every unknown key with a did-you-mean, whatever their values", async () => {
    const body = { ...common, iters_numm: 6, batchsize: 2, hiden_size: 5, colour: "x".repeat(5000) };
    const res = await post("/v1/train", body);
    expect(res.status).toBe(422);
    expect(res.json.errors).toEqual([
      { pointer: "/iters_numm", message: 'unknown field "iters_numm"; did you mean "iters_num"?' },
      { pointer: "/batchsize", message: 'unknown field "batchsize"; did you mean "batch_size"?' },
      { pointer: "/hiden_size", message: 'unknown field "hiden_size"; did you mean "hidden_size"?' },
      { pointer: "/colour", message: 'unknown field "colour"' },
    ]);
  });

  it("a field under both its names is a 422", async () => {
    const res = await post("/v1/train", { ...common, iters_num: 6, steps: 6 });
    expect(res.status).toBe(422);
    expect(res.json.errors[0].pointer).toBe("/steps");
    const lr = await post("/v1/train", { ...common, learning_rate: 0.1, lr: 0.1 });
    expect(lr.json.errors[0].pointer).toBe("/lr");
  });

  it("/v1/gradient-check names an unknown key with a did-you-mean too", async () => {
    const res = await post("/v1/gradient-check", { hidden_sise: 5 });
    expect(res.status).toBe(422);
    expect(res.json.errors).toEqual([
      { pointer: "/hidden_sise", message: 'unknown field "hidden_sise"; did you mean "hidden_size"?' },
    ]);
  });
});

describe("the OpenAPI document", () => {
  it("documents the book's names, and the earlier ones as deprecated other names", async () => {
    const { SELF } = await import("cloudflare:test");
    const doc: any = await (await SELF.fetch("http://x/openapi.json")).json();
    const schemaOf = (path: string) => {
      const s = doc.paths[path].post.requestBody.content["application/json"].schema;
      return s.$ref ? doc.components.schemas[s.$ref.split("/").at(-1)] : s;
    };
    const descent = schemaOf("/v1/descent").properties;
    for (const name of ["init_x", "lr", "step_num"]) expect(descent[name].deprecated, name).toBeUndefined();
    for (const name of ["init", "steps", "learning_rate"]) expect(descent[name].deprecated, name).toBe(true);
    const train = schemaOf("/v1/train").properties;
    for (const name of ["iters_num", "batch_size", "learning_rate", "hidden_size"])
      expect(train[name].deprecated, name).toBeUndefined();
    for (const name of ["steps", "lr"]) expect(train[name].deprecated, name).toBe(true);
    expect(doc.paths["/v1/descent"].post.requestBody.content["application/json"].example).toMatchObject({
      init_x: [-3, 4],
      step_num: 100,
    });
  });
});
