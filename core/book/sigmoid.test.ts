import { describe, expect, it } from "vitest";
import { expectClose } from "../../test/helpers/expect-close";
import { loadFixture, nd } from "../../test/helpers/fixtures";
import { fromNested, type Nested } from "../ndarray";
import { sigmoid } from "./sigmoid";

interface Case { name: string; x: Nested; y: Nested }
const { cases } = loadFixture<{ sigmoid: Case[] }>("activations");

describe("sigmoid", () => {
  it.each(cases.sigmoid.map((c) => [c.name, c] as const))("agrees with numpy to 1e-12: %s", (_, c) => {
    const y = sigmoid(nd(c.x));
    expect(y.shape).toEqual(nd(c.y).shape);
    expectClose(y.data, nd(c.y).data, { rtol: 1e-12 });
  });

  it("saturates without NaN and keeps the shape", () => {
    const y = sigmoid(fromNested([[-800, 0], [800, Infinity]]));
    expect(y.shape).toEqual([2, 2]);
    expectClose(y.data, [0, 0.5, 1, 1], { bitwise: true });
  });
});
