import { describe, expect, it } from "vitest";
import type { Node } from "./ast";
import { parseExpression, toSource } from "./index";

// Trees the parser never builds but derivative folding does: a negative number node. Python
// reads -2**x as -(2**x), so as a power's base it needs parentheses, like any unary minus.
const num = (value: number, isInt = true): Node => ({ kind: "num", value, isInt, col: 1 });
const x: Node = { kind: "var", name: "x", col: 1 };
const pow = (left: Node, right: Node): Node => ({ kind: "binary", op: "**", left, right, col: 1 });

describe("toSource of negative number nodes", () => {
  it("parenthesises a negative base, as Python needs", () => {
    expect(toSource(pow(num(-2), x))).toBe("(-2)**x");
    expect(toSource(pow(num(-0, false), x))).toBe("(-0.0)**x");
    expect(toSource(pow(num(2), x))).toBe("2**x");
  });

  it("prints what parses back to the same value", () => {
    const back = parseExpression(toSource(pow(num(-2), x)));
    expect(toSource(back)).toBe("(-2)**x");
  });
});
