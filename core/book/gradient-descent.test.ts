import { describe, expect, it } from "vitest";
import { expectClose } from "../../test/helpers/expect-close";
import { loadFixture, nd } from "../../test/helpers/fixtures";
import { lookup, vectorFunctions } from "../../test/helpers/polynomials";
import { fromNested, type Nested } from "../ndarray";
import { gradientDescent } from "./gradient-descent";

interface Case {
  id: string;
  expr: string;
  init: Nested;
  lr: number;
  step_num: number;
  x: Nested;
  history: Nested;
  values: number[];
}
const { cases } = loadFixture<Case[]>("gradient_descent");
const f2 = vectorFunctions.function_2;

describe("gradientDescent", () => {
  it("reproduces the book's printed result exactly", () => {
    const { x } = gradientDescent(f2, fromNested([-3, 4]), { lr: 0.1, stepNum: 100 });
    expect([...x.data]).toEqual([-6.111107928998789e-10, 8.148143905314271e-10]);
  });

  it.each(
    cases.map((c, i) => [`${i} ${c.expr} from ${JSON.stringify(c.init)}, lr ${c.lr}, ${c.step_num} steps`, c] as const),
  )("equals numpy bit for bit, with the full history: %s", (_, c) => {
    const init = nd(c.init);
    const r = gradientDescent(lookup(vectorFunctions, c.id), init, { lr: c.lr, stepNum: c.step_num });
    expectClose(r.x.data, nd(c.x).data, { bitwise: true });
    expect(r.x.shape).toEqual(init.shape);
    const history = nd(c.history);
    expect(r.history).toHaveLength(c.step_num);
    expectClose(
      r.history.flatMap((h) => [...h.data]),
      history.data,
      { bitwise: true },
    );
    expectClose(r.values, c.values, { bitwise: true });
    expectClose(init.data, nd(c.init).data, { bitwise: true }); // initX not mutated
  });

  it("covers the book's learning rates, divergence and stalling", () => {
    const lrs = cases.filter((c) => c.id === "function_2").map((c) => c.lr);
    expect(lrs).toEqual(expect.arrayContaining([0.1, 10, 1e-10, 0.01]));
  });

  it("defaults to lr 0.01 and 100 steps like the book", () => {
    const ref = cases.find((c) => c.id === "function_2" && c.lr === 0.01 && c.step_num === 100)!;
    const r = gradientDescent(f2, fromNested([-3, 4]));
    expectClose(r.x.data, nd(ref.x).data, { bitwise: true });
  });

  it("stops early when onStep returns false, reporting each step's start point and value", () => {
    const seen: [number, number[], number][] = [];
    const r = gradientDescent(f2, fromNested([-3, 4]), {
      lr: 0.1,
      onStep: (step, x, value) => {
        seen.push([step, [...x.data], value]);
        return step < 2;
      },
    });
    expect(r.history).toHaveLength(3);
    expect(seen.map((s) => s[0])).toEqual([0, 1, 2]);
    expect(seen.map((s) => s[1])).toEqual(r.history.map((h) => [...h.data]));
    expect(seen.map((s) => s[2])).toEqual(r.values);
    expect(seen[0]).toEqual([0, [-3, 4], 25]);
    const full = gradientDescent(f2, fromNested([-3, 4]), { lr: 0.1, stepNum: 3 });
    expect([...r.x.data]).toEqual([...full.x.data]);
  });

  it("takes zero steps when asked and rejects a bad step count", () => {
    const r = gradientDescent(f2, fromNested([1, 2]), { stepNum: 0 });
    expect([...r.x.data]).toEqual([1, 2]);
    expect(r.history).toEqual([]);
    expect(() => gradientDescent(f2, fromNested([1, 2]), { stepNum: 1.5 })).toThrow(
      /stepNum must be a non-negative integer, got 1.5/,
    );
  });
});
