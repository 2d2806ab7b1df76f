import { describe, expect, it } from "vitest";
import { Random } from "../../random";
import { mse } from "./mse";

describe("kind parameters at their documented bounds", () => {
  it("mse takes 2 classes, the fewest a one-hot target can have, and refuses 1", () => {
    const two = mse.generate(new Random(1), { classes: 2 });
    expect(two.inputs.y).toHaveLength(2);
    expect(two.inputs.t).toHaveLength(2);
    expect(() => mse.generate(new Random(1), { classes: 1 })).toThrow(RangeError);
  });
});
