import { describe, expect, it } from "vitest";
import type { Node } from "./ast";
import { EXPRESSION_LIMITS, ExpressionError, parseExpression, toSource } from "./index";

/** The tree with every operation parenthesised, to read precedence off directly. */
function full(n: Node): string {
  switch (n.kind) {
    case "num":
      return n.raw ?? String(n.value);
    case "var":
    case "const":
      return n.name;
    case "neg":
      return `(-${full(n.arg)})`;
    case "binary":
      return `(${full(n.left)} ${n.op} ${full(n.right)})`;
    case "call":
      return `${n.name}(${n.args.map(full).join(", ")})`;
    case "index":
      return `${full(n.target)}[${n.items.map((i) => (i.kind === "int" ? i.value : `${i.start ?? ""}:${i.stop ?? ""}:${i.step ?? ""}`)).join(", ")}]`;
  }
}
const tree = (s: string): string => full(parseExpression(s).root);

describe("precedence and associativity (Python's)", () => {
  it.each([
    ["-x**2", "(-(x ** 2))"],
    ["2**-1", "(2 ** (-1))"],
    ["2**3**2", "(2 ** (3 ** 2))"],
    ["-2**-x**2", "(-(2 ** (-(x ** 2))))"],
    ["x - 1 - 2", "((x - 1) - 2)"],
    ["x / 2 * 3", "((x / 2) * 3)"],
    ["x // 2 % 3 * 4", "(((x // 2) % 3) * 4)"],
    ["1 + 2 * x", "(1 + (2 * x))"],
    ["0.01*x**2 + 0.1*x", "((0.01 * (x ** 2)) + (0.1 * x))"],
    ["-x * 2", "((-x) * 2)"],
    ["+x", "x"],
    ["--x", "(-(-x))"],
    ["(1 + x) * 2", "((1 + x) * 2)"],
    ["x[0]**2 + x[1]**2", "((x[0] ** 2) + (x[1] ** 2))"],
    ["-x[0]", "(-x[0])"],
    ["np.exp(-x[0])", "np.exp((-x[0]))"],
    ["np.sum(x**2)[0]", "np.sum((x ** 2))[0]"],
    ["(x**2)[1:]", "(x ** 2)[1::]"],
    ["x[0, 1]", "x[0, 1]"],
    ["x[0][1]", "x[0][1]"],
    ["x[-1]", "x[-1]"],
    ["x[::-1]", "x[::-1]"],
    ["x[1:3:2]", "x[1:3:2]"],
  ])("%s parses as %s", (src, want) => {
    expect(tree(src)).toBe(want);
  });

  it.each([
    ["1e-4", 1e-4],
    [".5", 0.5],
    ["5.", 5],
    ["1_000", 1000],
    ["1_0.2_5e1_0", 10.25e10],
    ["0", 0],
    ["00", 0],
    ["2.5E+3", 2500],
  ])("number literal %s", (src, value) => {
    const root = parseExpression(src).root;
    expect(root.kind === "num" && root.value).toBe(value);
  });

  it("accepts numpy., math. and the allowed builtins", () => {
    for (const s of [
      "numpy.exp(x)",
      "math.exp(x)",
      "math.pi",
      "np.inf",
      "abs(x)",
      "sum(x)",
      "max(x, 1)",
      "pow(x, 3)",
      "np.dot(x, x)",
    ]) {
      expect(() => parseExpression(s)).not.toThrow();
    }
  });

  it("binds other variable names when asked", () => {
    expect(tree2("w*x + b")).toBe("((w * x) + b)");
    function tree2(src: string): string {
      return full(parseExpression(src, { variables: ["w", "x", "b"] }).root);
    }
  });
});

function errorOf(src: string, variables?: string[]): ExpressionError {
  try {
    parseExpression(src, variables ? { variables } : undefined);
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw e;
  }
  throw new Error(`no error for ${src}`);
}

describe("syntax errors name the column", () => {
  it.each([
    ["", 1, "expected an expression"],
    ["1 +", 4, "unexpected end of the expression"],
    ["(x + 1", 7, "expected ')' but found the end of the expression"],
    ["np.exp(x", 9, "expected ',' or ')' but found the end of the expression"],
    ["x ** ** 2", 6, "unexpected '**'"],
    ["x y", 3, "expected an operator before 'y'"],
    ["2x", 1, "invalid number '2x'"],
    ["x[1.5]", 3, "indices must be integer literals, e.g. x[0], x[-1], x[1:]"],
    ["x[y]", 3, "indices must be integer literals, e.g. x[0], x[-1], x[1:]"],
    ["x[]", 3, "expected an index"],
    ["x[::0]", 5, "slice step cannot be zero"],
    ["x[0", 4, "expected ']' but found the end of the expression"],
    ["007", 1, "leading zeros are not allowed in '007'"],
    ["1__0", 2, "'_' in a number must sit between digits"],
    ["1_", 2, "'_' in a number must sit between digits"],
    ["1e", 3, "expected digits in the exponent of a number"],
    ["0x10", 1, "only decimal numbers are supported (no 0x, 0o, 0b)"],
    ["2j", 1, "complex numbers are not supported"],
    ["x < 1", 3, "operator '<' is not supported"],
    ["x @ x", 3, "operator '@' is not supported"],
    ["x = 1", 3, "assignments are not supported; write only the right-hand side"],
    ["np.sum(x, axis=0)", 11, "keyword arguments are not supported in np.sum(...)"],
    ["'x'", 1, "strings are not supported"],
    ["f'{x}'", 1, "strings are not supported"],
    ["x $ 1", 3, "unexpected character '$'"],
    ["x²", 2, "unexpected character '²'"],
    ["(1, 2)", 3, "tuples are not supported; expected ')'"],
    ["()", 2, "tuples are not supported; expected an expression"],
    ["x(1)", 2, "x is not a function"],
    ["(x)(1)", 4, "x is not a function"],
    ["(x + 1)(2)", 8, "only functions can be called"],
    ["np.exp", 1, "np.exp is a function and must be called, e.g. np.exp(x)"],
    ["np.exp(x, 2)", 1, "np.exp() takes 1 argument, got 2"],
    ["np.dot(x)", 1, "np.dot() takes 2 arguments, got 1"],
    ["np", 1, "'np' must be followed by a name, e.g. np.exp"],
    ["np.", 4, "expected a name after 'np.'"],
    ["x.T", 2, "attribute access is not supported (only names such as np.exp)"],
    ["lambda: 1", 1, "'lambda' is a Python keyword; it is not supported in expressions"],
    ["x if x else 1", 3, "'if' is a Python keyword; it is not supported in expressions"],
  ])("%j -> column %i: %s", (src, column, reason) => {
    const e = errorOf(src);
    expect(e.column).toBe(column);
    expect(e.message).toBe(`column ${column}: ${reason}`);
  });

  it("unknown names list what is allowed", () => {
    const e = errorOf("foo(x)");
    expect(e.column).toBe(1);
    expect(e.message).toMatch(
      /^column 1: unknown name 'foo' \(allowed: x, np\.exp, np\.log, .*np\.sum.*np\.pi.*math\.exp.*abs, sum, max, min, pow\)$/,
    );
    expect(errorOf("x + np.foo(x)").message).toMatch(/^column 5: unknown name 'np\.foo' \(allowed: /);
    expect(errorOf("y", ["x", "t"]).message).toMatch(/^column 1: unknown name 'y' \(allowed: x, t, np\.exp/);
  });

  it("rejects variable names that are not identifiers or shadow the namespaces", () => {
    for (const v of ["np", "math", "sum", "lambda", "1x", "a.b", ""]) {
      expect(() => parseExpression("1", { variables: [v] })).toThrow(TypeError);
    }
  });
});

describe("limits (EXPRESSION_LIMITS), checked while parsing", () => {
  const L = EXPRESSION_LIMITS;

  it("length: maxLength characters pass, one more fails at that column", () => {
    const ok = "x" + " ".repeat(L.maxLength - 1);
    expect(() => parseExpression(ok)).not.toThrow();
    const e = errorOf(ok + " ");
    expect(e.column).toBe(L.maxLength + 1);
    expect(e.message).toBe(`column ${L.maxLength + 1}: expression is longer than ${L.maxLength} characters`);
  });

  it("a 100,000-character input fails on the length check before anything is read", () => {
    const e = errorOf("(".repeat(100_000));
    expect(e.message).toBe(`column ${L.maxLength + 1}: expression is longer than ${L.maxLength} characters`);
  });

  it("depth: maxDepth nested parentheses pass, one more fails", () => {
    const nest = (n: number): string => "(".repeat(n) + "x" + ")".repeat(n);
    expect(() => parseExpression(nest(L.maxDepth))).not.toThrow();
    const e = errorOf(nest(L.maxDepth + 1));
    expect(e.message).toBe(
      `column ${L.maxDepth + 1}: expression is nested too deeply (more than ${L.maxDepth} levels)`,
    );
    expect(errorOf("-".repeat(L.maxDepth + 1) + "x").message).toMatch(/nested too deeply/);
    expect(errorOf("np.exp(".repeat(L.maxDepth + 1) + "x" + ")".repeat(L.maxDepth + 1)).message).toMatch(
      /nested too deeply/,
    );
  });

  it("nodes: maxNodes pass, more fail", () => {
    const terms = (n: number): string => Array(n).fill("x").join("+"); // n + (n-1) nodes
    const most = Math.floor((L.maxNodes + 1) / 2);
    expect(() => parseExpression(terms(most))).not.toThrow();
    const e = errorOf(terms(most + 1));
    expect(e.message).toMatch(new RegExp(`^column \\d+: expression is too large \\(more than ${L.maxNodes} parts\\)$`));
  });

  it("power towers: maxPowerChain '**' pass, one more fails", () => {
    const tower = (n: number): string =>
      Array(n + 1)
        .fill("x")
        .join("**");
    expect(() => parseExpression(tower(L.maxPowerChain))).not.toThrow();
    const e = errorOf(tower(L.maxPowerChain + 1));
    expect(e.message).toBe(`column ${2 + 3 * L.maxPowerChain}: too many chained '**' (more than ${L.maxPowerChain})`);
  });

  it("call arguments and indices are bounded", () => {
    expect(
      errorOf(
        `max(${Array(L.maxArgs + 1)
          .fill("x")
          .join(", ")})`,
      ).message,
    ).toMatch(/too many arguments/);
    expect(
      errorOf(
        `x[${Array(L.maxArgs + 1)
          .fill("0")
          .join(", ")}]`,
      ).message,
    ).toMatch(/too many indices/);
  });
});

describe("toSource prints Python that parses back to the same tree", () => {
  it.each([
    "0.01*x**2 + 0.1*x",
    "-x**2",
    "(-x)**2",
    "2**-1",
    "2**3**2",
    "(2**3)**2",
    "x - (1 - x)",
    "x - 1 - x",
    "x/(2*x)",
    "x/2*x",
    "-(x + 1)",
    "--x",
    "np.exp(-x[0])",
    "(x**2)[1:]",
    "x[::-1]",
    "x[0, 1]",
    "1_000*x",
    "x // 2 % 3",
    "x % (2 // 3)",
    "np.maximum(x, 0)",
    "-np.pi**2",
    "(-2)**x",
  ])("%s", (src) => {
    const printed = toSource(parseExpression(src));
    expect(tree(printed)).toBe(tree(src));
  });
});
