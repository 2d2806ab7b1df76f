import type { Expression, IndexItem, Node } from "./ast";

/**
 * Python's repr(float): the shortest digits that round-trip (JavaScript finds the same
 * digits), written in scientific notation when the exponent is below -4 or at least 16.
 */
export function pyRepr(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  const sign = v < 0 || Object.is(v, -0) ? "-" : "";
  const [mant, expText] = Math.abs(v).toExponential().split("e");
  const exp = Number(expText);
  const digits = mant.replace(".", "");
  if (exp < -4 || exp >= 16) {
    return `${sign}${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  if (exp >= digits.length - 1) return `${sign}${digits}${"0".repeat(exp - digits.length + 1)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

// Python's binding strength, loosest first: + -, then * / // %, then unary -, then **,
// then atoms (names, numbers, calls, subscripts).
const SUM = 1,
  PRODUCT = 2,
  UNARY = 3,
  POWER = 4,
  ATOM = 5;

function isNegativeNumber(n: Node): boolean {
  return n.kind === "num" && (n.value < 0 || Object.is(n.value, -0));
}

function precedence(n: Node): number {
  switch (n.kind) {
    case "binary":
      return n.op === "+" || n.op === "-" ? SUM : n.op === "**" ? POWER : PRODUCT;
    case "neg":
      return UNARY;
    case "num":
      return isNegativeNumber(n) || !Number.isFinite(n.value) ? UNARY : ATOM;
    default:
      return ATOM;
  }
}

function numberText(n: Extract<Node, { kind: "num" }>): string {
  if (n.raw !== undefined) return n.raw;
  const v = n.value;
  if (Number.isNaN(v)) return "np.nan";
  if (!Number.isFinite(v)) return v > 0 ? "np.inf" : "-np.inf";
  if (n.isInt && Number.isSafeInteger(v)) return String(v);
  return pyRepr(v);
}

function itemText(it: IndexItem): string {
  if (it.kind === "int") return String(it.value);
  const s = `${it.start ?? ""}:${it.stop ?? ""}`;
  return it.step === null ? s : `${s}:${it.step}`;
}

function wrap(n: Node, parens: boolean): string {
  const s = print(n);
  return parens ? `(${s})` : s;
}

function print(n: Node): string {
  switch (n.kind) {
    case "num":
      return numberText(n);
    case "var":
    case "const":
      return n.name;
    case "neg":
      return `-${wrap(n.arg, precedence(n.arg) < UNARY)}`;
    case "call":
      return `${n.name}(${n.args.map(print).join(", ")})`;
    case "index":
      return `${wrap(n.target, precedence(n.target) < ATOM)}[${n.items.map(itemText).join(", ")}]`;
    case "binary": {
      if (n.op === "**") {
        // base must be a primary: (-x)**2, (x**2)**3; the exponent may be unary: 2**-x
        return `${wrap(n.left, precedence(n.left) <= POWER)}**${wrap(n.right, precedence(n.right) < UNARY)}`;
      }
      const p = precedence(n);
      // Left-associative: a - (b - c) and a + (b + c) keep their parentheses, because
      // floating-point addition is not associative.
      const left = wrap(n.left, precedence(n.left) < p);
      const right = wrap(n.right, precedence(n.right) <= p);
      return p === SUM ? `${left} ${n.op} ${right}` : `${left}${n.op}${right}`;
    }
  }
}

/** Prints the tree back as Python source that parses to the same tree. */
export function toSource(expr: Expression | Node): string {
  return "root" in expr ? print(expr.root) : print(expr);
}
