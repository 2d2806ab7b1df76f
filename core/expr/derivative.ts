import type { Expression, Node } from "./ast";
import { EXPRESSION_LIMITS } from "./errors";
import { npFunction } from "./functions";
import { toSource } from "./print";

// Symbolic d/dv for scalar expressions, with a little simplification as the tree is built
// (0*u = 0, 1*u = u, u**1 = u, constants folded) so that d(0.01*x**2 + 0.1*x)/dx prints
// as 0.02*x + 0.1. Simplifying 0*u to 0 assumes u is finite, as calculus does.

const num = (value: number, isInt = Number.isInteger(value)): Node => ({ kind: "num", value, isInt, col: 0 });
type NumNode = Extract<Node, { kind: "num" }>;
const isNum = (n: Node, v?: number): boolean => n.kind === "num" && (v === undefined || n.value === v);
const val = (n: Node): number => (n as NumNode).value;
const isIntNum = (n: Node): boolean => n.kind === "num" && n.isInt;
const intOf = (a: Node, b: Node): boolean => isIntNum(a) && isIntNum(b);

function neg(a: Node): Node {
  if (isNum(a)) return num(-val(a), isIntNum(a));
  if (a.kind === "neg") return a.arg;
  // -(c*u) = (-c)*u
  if (a.kind === "binary" && a.op === "*" && isNum(a.left)) return mul(num(-val(a.left), isIntNum(a.left)), a.right);
  return { kind: "neg", arg: a, col: 0 };
}

function add(a: Node, b: Node): Node {
  if (isNum(a, 0)) return b;
  if (isNum(b, 0)) return a;
  if (isNum(a) && isNum(b)) return num(val(a) + val(b), intOf(a, b));
  if (b.kind === "neg") return sub(a, b.arg);
  if (isNum(b) && val(b) < 0) return sub(a, num(-val(b), isIntNum(b)));
  return { kind: "binary", op: "+", left: a, right: b, col: 0 };
}

function sub(a: Node, b: Node): Node {
  if (isNum(b, 0)) return a;
  if (isNum(a, 0)) return neg(b);
  if (isNum(a) && isNum(b)) return num(val(a) - val(b), intOf(a, b));
  if (b.kind === "neg") return add(a, b.arg);
  return { kind: "binary", op: "-", left: a, right: b, col: 0 };
}

function mul(a: Node, b: Node): Node {
  if (isNum(a, 0) || isNum(b, 0)) return num(0);
  if (isNum(a, 1)) return b;
  if (isNum(b, 1)) return a;
  if (isNum(a, -1)) return neg(b);
  if (isNum(b, -1)) return neg(a);
  if (isNum(a) && isNum(b)) return num(val(a) * val(b), intOf(a, b));
  if (isNum(b)) return mul(b, a); // constants first: 2*x, not x*2
  if (a.kind === "neg") return neg(mul(a.arg, b));
  if (b.kind === "neg") return neg(mul(a, b.arg));
  // (1/u)*w = w/u
  if (a.kind === "binary" && a.op === "/" && isNum(a.left, 1)) return div(b, a.right);
  // c1*(c2*u) = (c1*c2)*u
  if (isNum(a) && b.kind === "binary" && b.op === "*" && isNum(b.left)) return mul(mul(a, b.left), b.right);
  return { kind: "binary", op: "*", left: a, right: b, col: 0 };
}

function div(a: Node, b: Node): Node {
  if (isNum(b, 1)) return a;
  if (isNum(a, 0)) return num(0);
  if (isNum(a) && isNum(b) && val(b) !== 0) return num(val(a) / val(b), false);
  return { kind: "binary", op: "/", left: a, right: b, col: 0 };
}

function pow(a: Node, b: Node): Node {
  if (isNum(b, 1)) return a;
  if (isNum(b, 0)) return num(1);
  return { kind: "binary", op: "**", left: a, right: b, col: 0 };
}

const call = (name: string, ...args: Node[]): Node => ({
  kind: "call",
  name: `np.${name}`,
  fn: npFunction(name),
  args,
  col: 0,
});

function depends(n: Node, v: string): boolean {
  switch (n.kind) {
    case "var":
      return n.name === v;
    case "neg":
      return depends(n.arg, v);
    case "binary":
      return depends(n.left, v) || depends(n.right, v);
    case "call":
      return n.args.some((a) => depends(a, v));
    case "index":
      return depends(n.target, v);
    default:
      return false;
  }
}

/** d(u**w): the power rule for a constant exponent, the exponential rule for a constant base. */
function dPower(u: Node, w: Node, v: string): Node | null {
  const du = d(u, v),
    dw = d(w, v);
  if (du === null || dw === null) return null;
  if (!depends(w, v)) {
    const wm1 = isNum(w) ? num(val(w) - 1, isIntNum(w)) : sub(w, num(1));
    return mul(mul(w, pow(u, wm1)), du);
  }
  const logU = call("log", u);
  if (!depends(u, v)) return mul(mul(pow(u, w), logU), dw);
  // u**w * (w' log u + w u'/u)
  return mul(pow(u, w), add(mul(dw, logU), div(mul(w, du), u)));
}

/** Chain rule for f(u): the outer derivative f'(u), by rule name (see functions.ts). */
function outer(rule: string, u: Node): Node | null {
  switch (rule) {
    case "exp":
      return call("exp", u);
    case "log":
      return div(num(1), u);
    case "log2":
      return div(num(1), mul(u, call("log", num(2))));
    case "log10":
      return div(num(1), mul(u, call("log", num(10))));
    case "sin":
      return call("cos", u);
    case "cos":
      return neg(call("sin", u));
    case "tan":
      return div(num(1), pow(call("cos", u), num(2)));
    case "arctan":
      return div(num(1), add(num(1), pow(u, num(2))));
    case "sinh":
      return call("cosh", u);
    case "cosh":
      return call("sinh", u);
    case "tanh":
      return sub(num(1), pow(call("tanh", u), num(2)));
    case "sqrt":
      return div(num(1), mul(num(2), call("sqrt", u)));
    case "abs":
      return call("sign", u);
    case "square":
      return mul(num(2), u);
    case "linear":
    case "identity-scalar":
      return num(1);
    default:
      return null;
  }
}

function d(n: Node, v: string): Node | null {
  if (!depends(n, v)) return num(0);
  switch (n.kind) {
    case "var":
      return num(1);
    case "neg": {
      const a = d(n.arg, v);
      return a && neg(a);
    }
    case "binary": {
      const { left: a, right: b } = n;
      if (n.op === "**") return dPower(a, b, v);
      if (n.op === "//" || n.op === "%") return null; // piecewise; undefined at the jumps
      const da = d(a, v),
        db = d(b, v);
      if (da === null || db === null) return null;
      switch (n.op) {
        case "+":
          return add(da, db);
        case "-":
          return sub(da, db);
        case "*":
          return add(mul(da, b), mul(a, db));
        case "/":
          if (!depends(b, v)) return div(da, b);
          return div(sub(mul(da, b), mul(a, db)), pow(b, num(2)));
      }
      return null;
    }
    case "call": {
      const rule = n.fn.rule;
      if (rule === "power") return dPower(n.args[0], n.args[1], v);
      if (rule === "product") {
        const [a, b] = n.args,
          da = d(a, v),
          db = d(b, v);
        return da && db && add(mul(da, b), mul(a, db));
      }
      if (rule === undefined || n.args.length !== 1) return null;
      const u = n.args[0];
      const du = d(u, v),
        f = outer(rule, u);
      return du && f && mul(f, du);
    }
    default:
      return null; // subscripts: derivatives are for scalar x
  }
}

/** Counts printed nodes (shared subtrees count each time), stopping once over `budget`. */
function printedSize(n: Node, budget: number): number {
  let count = 0;
  const visit = (m: Node): void => {
    if (++count > budget) return;
    if (m.kind === "neg") visit(m.arg);
    else if (m.kind === "binary") {
      visit(m.left);
      visit(m.right);
    } else if (m.kind === "call") m.args.forEach(visit);
    else if (m.kind === "index") visit(m.target);
  };
  visit(n);
  return count;
}

/**
 * The symbolic derivative with respect to a scalar variable (default: the first), as a new
 * Expression, or null where none is available: subscripts, `//`, `%`, np.sign, np.maximum and
 * the other piecewise functions, or a result too large to be useful (> 20x maxNodes).
 */
export function derivative(expr: Expression, variable: string = expr.variables[0]): Expression | null {
  if (!expr.variables.includes(variable)) {
    throw new TypeError(`derivative: '${variable}' is not a variable of this expression`);
  }
  const root = d(expr.root, variable);
  if (root === null || printedSize(root, 20 * EXPRESSION_LIMITS.maxNodes) > 20 * EXPRESSION_LIMITS.maxNodes)
    return null;
  return Object.freeze({ source: toSource(root), variables: expr.variables, root });
}
