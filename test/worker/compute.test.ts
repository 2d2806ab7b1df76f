import { describe, expect, it } from "vitest";
import { expectClose } from "../helpers/expect-close";
import { flatNums, loadReference, num, post } from "./reference";

/**
 * The compute routes against numpy (fixtures/generate.py): bit-for-bit where numpy is
 * deterministic (MSE, numerical_diff, numerical_gradient and descent of polynomials), within
 * 1e-12 relative through exp/log (cross-entropy, softmax, simpleNet's loss), 1e-9 for dW.
 */
type Nested = number | Nested[];

/** JSON cannot carry NaN or infinities, so cases with them stay in core's own tests. */
const finite = (...values: unknown[]) => values.every((v) => flatNums(v).every(Number.isFinite));

function rowArgmax(p: Nested): number | number[] {
  const best = (row: number[]) => row.indexOf(Math.max(...row));
  return Array.isArray((p as Nested[])[0]) ? (p as number[][]).map(best) : best(p as number[]);
}

describe("the book's printed values, exactly", () => {
  const bookT = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
  const guess2 = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];
  const guess7 = [0.1, 0.05, 0.0, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0];

  it("MSE 0.09750000000000003 and 0.6925", async () => {
    expect((await post("/v1/loss/mse", { y: guess2, t: bookT })).json.loss).toBe(0.09750000000000003);
    expect((await post("/v1/loss/mse", { y: guess7, t: bookT })).json.loss).toBe(0.6925);
  });

  it("CEE 0.510825457099338 and 16.11809565095832", async () => {
    expect((await post("/v1/loss/cross-entropy", { y: guess2, t: bookT })).json.loss).toBe(0.510825457099338);
    expect((await post("/v1/loss/cross-entropy", { y: guess7, t: bookT })).json.loss).toBe(16.11809565095832);
  });

  it("numerical_diff(0.01x²+0.1x) at 5 and 10", async () => {
    const at = async (x: number) => (await post("/v1/diff", { f: "0.01*x**2 + 0.1*x", x })).json.value;
    expect(await at(5)).toBe(0.1999999999990898);
    expect(await at(10)).toBe(0.2999999999986347);
  });

  it("gradient_descent(x0²+x1², [-3, 4], lr=0.1, 100 steps)", async () => {
    const res = await post("/v1/descent", { f: "x[0]**2 + x[1]**2", init_x: [-3, 4], lr: 0.1, step_num: 100 });
    expect(res.status).toBe(200);
    expect(res.json.x).toEqual([-6.111107928998789e-10, 8.148143905314271e-10]);
    expect(res.json.converged).toBe(true);
  });

  it("the book's lines verbatim: np.sum(x**2) gives the same descent", async () => {
    const res = await post("/v1/descent", { f: "np.sum(x**2)", init_x: [-3, 4], lr: 0.1, step_num: 100 });
    expect(res.json.x).toEqual([-6.111107928998789e-10, 8.148143905314271e-10]);
  });
});

describe("against numpy fixtures", async () => {
  const loss = await loadReference<{
    mean_squared_error: { name: string; y: Nested; t: Nested; loss: number }[];
    cross_entropy_error: { name: string; y: Nested; t: Nested; delta: number; loss: number }[];
  }>("loss");
  const act = await loadReference<{ softmax: { name: string; x: Nested; y: Nested }[] }>("activations");
  const diff = await loadReference<{
    cases: { id: string; expr: string; x: number; h: number; method: "central" | "forward"; value: number }[];
  }>("numerical_diff");
  const grad =
    await loadReference<{ id: string; expr: string; x: Nested; h: number; grad: Nested }[]>("numerical_gradient");
  const gd =
    await loadReference<
      {
        id: string;
        expr: string;
        init: Nested;
        lr: number;
        step_num: number;
        x: Nested;
        history: Nested[];
        values?: number[];
      }[]
    >("gradient_descent");
  const sn =
    await loadReference<
      {
        name: string;
        W: Nested;
        x: Nested;
        t: Nested;
        p: Nested;
        argmax: number | number[];
        loss: number;
        dW: Nested;
      }[]
    >("simple_net");

  it.each(loss.cases.mean_squared_error.filter((c) => finite(c.y, c.t)))("MSE bit-for-bit: $name", async (c) => {
    const res = await post("/v1/loss/mse", { y: c.y, t: c.t });
    expect(Object.is(num(res.json.loss), c.loss)).toBe(true);
  });

  it.each(loss.cases.cross_entropy_error.filter((c) => finite(c.y, c.t)))(
    "cross-entropy within 1e-12: $name",
    async (c) => {
      const res = await post("/v1/loss/cross-entropy", { y: c.y, t: c.t, delta: c.delta });
      expect(res.status).toBe(200);
      expectClose(num(res.json.loss), c.loss, { rtol: 1e-12 });
    },
  );

  it.each(act.cases.softmax.filter((c) => finite(c.x)))("softmax within 1e-12: $name", async (c) => {
    const res = await post("/v1/softmax", { x: c.x });
    expectClose(flatNums(res.json.y), flatNums(c.y), { rtol: 1e-12, atol: 1e-300 });
  });

  it.each(diff.cases.cases)("numerical_diff bit-for-bit: $expr at $x ($method)", async (c) => {
    const res = await post("/v1/diff", { f: c.expr, x: c.x, h: c.h, method: c.method });
    expectClose(num(res.json.value), c.value, { bitwise: true });
  });

  it.each(grad.cases)("numerical_gradient bit-for-bit: $expr", async (c) => {
    const res = await post("/v1/gradient", { f: c.expr, x: c.x, h: c.h });
    expect(res.status, res.text).toBe(200);
    expectClose(flatNums(res.json.grad), flatNums(c.grad), { bitwise: true });
  });

  it.each(gd.cases)("descent bit-for-bit: $expr lr=$lr", async (c) => {
    const res = await post("/v1/descent", { f: c.expr, init_x: c.init, lr: c.lr, step_num: c.step_num, history: true });
    expect(res.status).toBe(200);
    expectClose(flatNums(res.json.x), flatNums(c.x), { bitwise: true });
    expectClose(flatNums(res.json.history), flatNums(c.history), { bitwise: true });
  });

  it.each(sn.cases)("simpleNet: $name", async (c) => {
    const res = await post("/v1/simplenet", { W: c.W, x: c.x, t: c.t });
    expect(res.status).toBe(200);
    // The route gives one argmax per row; the book's np.argmax(p) flattens a batch.
    expect(res.json.argmax).toEqual(rowArgmax(c.p));
    expectClose(flatNums(res.json.p), flatNums(c.p), { rtol: 1e-12, atol: 1e-15 });
    expectClose(num(res.json.loss), c.loss, { rtol: 1e-12 });
    // A last-bit difference in the loss (V8's exp/log vs numpy's) moves every dW entry by
    // about ulp(loss)/(2h), whatever the entry's size: that is the absolute tolerance.
    expectClose(flatNums(res.json.dW), flatNums(c.dW), {
      rtol: 1e-9,
      atol: (4 * 2.220446049250313e-16 * Math.abs(c.loss)) / 2e-4,
    });
  });
});
