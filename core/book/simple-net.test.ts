import { describe, expect, it } from "vitest";
import { expectClose } from "../../test/helpers/expect-close";
import { loadFixture, nd } from "../../test/helpers/fixtures";
import { fromNested, type Nested } from "../ndarray";
import { SimpleNet } from "./simple-net";

interface Case {
  name: string;
  W: Nested;
  x: Nested;
  t: Nested;
  p: Nested;
  argmax: number;
  loss: number;
  dW: Nested;
}
const { cases } = loadFixture<Case[]>("simple_net");

function argmax(a: Float64Array): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
  return best;
}

describe("SimpleNet", () => {
  it.each(cases.map((c) => [c.name, c] as const))("agrees with numpy: %s", (_, c) => {
    const W = nd(c.W);
    const net = new SimpleNet(W);
    const x = nd(c.x);
    const t = nd(c.t);
    const p = net.predict(x);
    expect(p.shape).toEqual(nd(c.p).shape);
    expectClose(p.data, nd(c.p).data, { rtol: 1e-12 });
    if (p.shape.length === 1) expect(argmax(p.data)).toBe(c.argmax);
    expectClose(net.loss(x, t), c.loss, { rtol: 1e-12 });
    const dW = net.numericalGradient(x, t);
    expect(dW.shape).toEqual(W.shape);
    // (fxh1 - fxh2) / (2h): a last-bit difference between V8's and numpy's exp/log in the loss
    // becomes ulp(loss) / (2h) ~ 1e-12 in dW whatever dW's size, so small entries need an atol
    // of a few loss ulps over 2h on top of rtol 1e-9.
    const atol = (4 * Number.EPSILON * Math.abs(c.loss)) / (2 * 1e-4);
    expectClose(dW.data, nd(c.dW).data, { rtol: 1e-9, atol });
    expectClose(net.W.data, nd(c.W).data, { bitwise: true }); // W restored
  });

  it("covers the book's 2x3 net and larger batched ones", () => {
    expect(cases.some((c) => JSON.stringify(c.x) === "[0.6,0.9]")).toBe(true);
    expect(cases.some((c) => nd(c.W).shape[0] > 2 && nd(c.x).shape.length === 2)).toBe(true);
  });

  it("rejects a W that is not a matrix and mismatched inputs", () => {
    expect(() => new SimpleNet(fromNested([1, 2]))).toThrow(
      new RangeError("SimpleNet: W must be a matrix, got shape (2,)"),
    );
    const net = new SimpleNet(
      fromNested([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    );
    expect(() => net.predict(fromNested([1, 2, 3]))).toThrow(/dot: shapes \(3,\) and \(2, 3\) not aligned/);
    expect(() => net.loss(fromNested([1, 2]), fromNested([0, 1]))).toThrow(/crossEntropyError: t must be one-hot/);
  });

  it("with a bias b, predicts np.dot(x, W) + b on every row (the simple network core/nn trains)", () => {
    const W = fromNested([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = fromNested([0.5, -1, 2]);
    const x = fromNested([
      [0.6, 0.9],
      [1, -1],
    ]);
    const plain = new SimpleNet(W).predict(x).data;
    const biased = new SimpleNet(W, b).predict(x).data;
    expect(Array.from(biased)).toEqual(Array.from(plain, (v, i) => v + b.data[i % 3]));
    expect(() => new SimpleNet(W, fromNested([1, 2]))).toThrow(
      new RangeError("SimpleNet: b must have shape (3), got (2,)"),
    );
  });
});
