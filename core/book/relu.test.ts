import { describe, expect, it } from "vitest";
import { expectClose } from "../../test/helpers/expect-close";
import { loadFixture, nd } from "../../test/helpers/fixtures";
import { fromNested, type Nested } from "../ndarray";
import { relu } from "./relu";

interface Case { name: string; x: Nested; y: Nested }
const { cases } = loadFixture<{ relu: Case[] }>("activations");

describe("relu", () => {
  it.each(cases.relu.map((c) => [c.name, c] as const))("equals numpy bit for bit: %s", (_, c) => {
    const y = relu(nd(c.x));
    expect(y.shape).toEqual(nd(c.y).shape);
    expectClose(y.data, nd(c.y).data, { bitwise: true });
  });

  it("handles literal edge values", () => {
    expectClose(relu(fromNested([-2, -0, 0, 3, NaN, -Infinity])).data, [0, -0, 0, 3, NaN, 0], { bitwise: true });
  });

  it("returns a new array", () => {
    const x = fromNested([-1, 1]);
    relu(x);
    expect([...x.data]).toEqual([-1, 1]);
  });
});
