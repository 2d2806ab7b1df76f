import { sum as npSum } from "../book/sum";
import { rangeError, typeError } from "../i18n";
import { shapeString } from "../ndarray";
import { EXPRESSION_LIMITS } from "./errors";
import { add, map1, map2, multiply, powerValue, type Value } from "./ops";

/**
 * The fixed table of callable names. Lookups go through Maps, so names such as
 * `constructor`, `__proto__` or `toString` are simply absent.
 */
export interface FunctionSpec {
  /** canonical name used in messages, e.g. "np.exp" */
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** the general implementation (numbers and arrays) */
  readonly apply: (args: Value[]) => Value;
  /** for element-wise functions of one argument: the scalar function (fast path) */
  readonly scalar1?: (a: number) => number;
  /** key of the derivative rule in derivative.ts, if there is one */
  readonly rule?: string;
}

function elementwise(name: string, f: (a: number) => number, rule?: string): FunctionSpec {
  return { name, minArgs: 1, maxArgs: 1, apply: (a) => map1(a[0], f), scalar1: f, rule };
}

// numpy reductions over all elements (axis=None).
function reduceMax(name: string, sign: 1 | -1): (a: Value[]) => Value {
  return ([v]) => {
    if (typeof v === "number") return v;
    const d = v.data;
    if (d.length === 0) {
      throw rangeError("expr.empty-reduction", { name });
    }
    // np.maximum.reduce propagates NaN
    let m = d[0];
    for (let i = 0; i < d.length; i++) {
      const x = d[i];
      if (Number.isNaN(x)) return x;
      if (sign * x >= sign * m) m = x; // ties: the later element, as np.maximum.reduce
    }
    return m;
  };
}

/** np.dot for the cases the chapter needs: scalars, and vector . vector. */
function dot([a, b]: Value[]): Value {
  if (typeof a === "number" || typeof b === "number") return map2(a, b, multiply, "np.dot");
  if (a.shape.length === 1 && b.shape.length === 1) {
    if (a.shape[0] !== b.shape[0]) {
      throw rangeError("expr.dot-aligned", { a: shapeString(a.shape), b: shapeString(b.shape) });
    }
    const p = new Float64Array(a.data.length);
    for (let i = 0; i < p.length; i++) p[i] = a.data[i] * b.data[i];
    // numpy calls BLAS ddot here, whose summation order is not numpy's; agreement is to rounding.
    return npSum(p);
  }
  throw typeError("expr.dot-support", { a: shapeString(a.shape), b: shapeString(b.shape) });
}

const sign = (a: number): number => (a > 0 ? 1 : a < 0 ? -1 : a === 0 ? 0 : NaN);
// numpy's scalar maximum/minimum: NaN propagates, and on a tie (0.0 vs -0.0) the second wins.
const maximum = (a: number, b: number): number => (Number.isNaN(a) || a > b ? a : b);
const minimum = (a: number, b: number): number => (Number.isNaN(a) || a < b ? a : b);
const maximumNaN = (a: number, b: number): number => (Number.isNaN(b) ? b : maximum(a, b));
const minimumNaN = (a: number, b: number): number => (Number.isNaN(b) ? b : minimum(a, b));

const NP_FUNCTIONS: FunctionSpec[] = [
  elementwise("np.exp", Math.exp, "exp"),
  elementwise("np.log", Math.log, "log"),
  elementwise("np.log2", Math.log2, "log2"),
  elementwise("np.log10", Math.log10, "log10"),
  elementwise("np.sin", Math.sin, "sin"),
  elementwise("np.cos", Math.cos, "cos"),
  elementwise("np.tan", Math.tan, "tan"),
  elementwise("np.arctan", Math.atan, "arctan"),
  elementwise("np.sinh", Math.sinh, "sinh"),
  elementwise("np.cosh", Math.cosh, "cosh"),
  elementwise("np.tanh", Math.tanh, "tanh"),
  elementwise("np.sqrt", Math.sqrt, "sqrt"),
  elementwise("np.abs", Math.abs, "abs"),
  elementwise("np.absolute", Math.abs, "abs"),
  elementwise("np.square", (a) => a * a, "square"),
  elementwise("np.sign", sign),
  { name: "np.maximum", minArgs: 2, maxArgs: 2, apply: ([a, b]) => map2(a, b, maximumNaN, "np.maximum") },
  { name: "np.minimum", minArgs: 2, maxArgs: 2, apply: ([a, b]) => map2(a, b, minimumNaN, "np.minimum") },
  { name: "np.power", minArgs: 2, maxArgs: 2, apply: ([a, b]) => powerValue(a, b), rule: "power" },
  // np.sum: numpy's pairwise summation (core/book/sum.ts), from 0.0 (so np.sum(-0.0) is 0.0).
  {
    name: "np.sum",
    minArgs: 1,
    maxArgs: 1,
    apply: ([v]) => (typeof v === "number" ? 0 + v : npSum(v.data)),
    rule: "linear",
  },
  // np.mean = np.add.reduce(x) / x.size (numpy/_core/_methods.py, _mean)
  {
    name: "np.mean",
    minArgs: 1,
    maxArgs: 1,
    rule: "linear",
    apply: ([v]) => (typeof v === "number" ? 0 + v : npSum(v.data) / v.data.length),
  },
  { name: "np.max", minArgs: 1, maxArgs: 1, apply: reduceMax("np.max", 1), rule: "identity-scalar" },
  { name: "np.amax", minArgs: 1, maxArgs: 1, apply: reduceMax("np.amax", 1), rule: "identity-scalar" },
  { name: "np.min", minArgs: 1, maxArgs: 1, apply: reduceMax("np.min", -1), rule: "identity-scalar" },
  { name: "np.amin", minArgs: 1, maxArgs: 1, apply: reduceMax("np.amin", -1), rule: "identity-scalar" },
  { name: "np.dot", minArgs: 2, maxArgs: 2, apply: dot, rule: "product" },
];

/**
 * Python's math module: scalars only, and the errors CPython raises (math_1 in
 * Modules/mathmodule.c): a NaN from a non-NaN argument is a domain error; an infinity from a
 * finite argument is a range error (overflow) or a domain error (log(0)).
 */
function mathFn(name: string, f: (a: number) => number, rule?: string): FunctionSpec {
  const checked = (a: number): number => {
    const r = f(a);
    if (Number.isNaN(r) && !Number.isNaN(a)) throw rangeError("expr.math-domain", { name, a });
    if (!Number.isFinite(r) && Number.isFinite(a)) {
      throw rangeError(r === -Infinity ? "expr.math-domain" : "expr.math-range", { name, a });
    }
    return r;
  };
  const apply = ([v]: Value[]): Value => {
    if (typeof v !== "number") {
      throw typeError("expr.math-array", { name, shape: shapeString(v.shape), short: name.slice(5) });
    }
    return checked(v);
  };
  return { name, minArgs: 1, maxArgs: 1, apply, scalar1: checked, rule };
}

const MATH_FUNCTIONS: FunctionSpec[] = [
  mathFn("math.exp", Math.exp, "exp"),
  mathFn("math.log", Math.log, "log"),
  mathFn("math.log2", Math.log2, "log2"),
  mathFn("math.log10", Math.log10, "log10"),
  mathFn("math.sin", Math.sin, "sin"),
  mathFn("math.cos", Math.cos, "cos"),
  mathFn("math.tan", Math.tan, "tan"),
  mathFn("math.atan", Math.atan, "arctan"),
  mathFn("math.sinh", Math.sinh, "sinh"),
  mathFn("math.cosh", Math.cosh, "cosh"),
  mathFn("math.tanh", Math.tanh, "tanh"),
  mathFn("math.sqrt", Math.sqrt, "sqrt"),
  mathFn("math.fabs", Math.abs, "abs"),
];

/** Iterate over the first axis, as Python's for-loop over an ndarray does. */
function items(name: string, v: Value): Value[] {
  if (typeof v === "number") throw typeError("expr.not-iterable", { name });
  if (v.shape.length === 1) return Array.from(v.data);
  const rest = v.shape.slice(1),
    n = v.data.length / v.shape[0];
  return Array.from({ length: v.shape[0] }, (_, i) => ({ data: v.data.slice(i * n, (i + 1) * n), shape: rest }));
}

/** Python's max/min: keep the first item, replace it only when a later one compares greater. */
function pyMax(name: string, greater: boolean): (args: Value[]) => Value {
  return (args) => {
    const xs = args.length === 1 ? items(name, args[0]) : args;
    if (xs.length === 0) throw rangeError("expr.empty-sequence", { name });
    let best = xs[0];
    for (const x of xs) {
      if (typeof x !== "number" || typeof best !== "number") {
        throw typeError("expr.ambiguous", { name });
      }
      if (greater ? x > best : x < best) best = x;
    }
    return best;
  };
}

const BUILTINS: FunctionSpec[] = [
  { name: "abs", minArgs: 1, maxArgs: 1, apply: ([v]) => map1(v, Math.abs), scalar1: Math.abs, rule: "abs" },
  // Python's built-in sum adds left to right starting from 0, unlike np.sum's pairwise order.
  {
    name: "sum",
    minArgs: 1,
    maxArgs: 1,
    apply: ([v]) => items("sum", v).reduce<Value>((acc, x) => map2(acc, x, add, "sum"), 0),
  },
  { name: "max", minArgs: 1, maxArgs: EXPRESSION_LIMITS.maxArgs, apply: pyMax("max", true) },
  { name: "min", minArgs: 1, maxArgs: EXPRESSION_LIMITS.maxArgs, apply: pyMax("min", false) },
  { name: "pow", minArgs: 2, maxArgs: 2, apply: ([a, b]) => powerValue(a, b), rule: "power" },
];

const CONSTANTS: [string, number][] = [
  ["pi", Math.PI],
  ["e", Math.E],
  ["inf", Infinity],
  ["nan", NaN],
];

function table(prefix: string, specs: FunctionSpec[]): Map<string, FunctionSpec> {
  return new Map(specs.map((s) => [s.name.slice(prefix.length), s]));
}

/** Namespaces reachable as `ns.name`; `numpy` is the same table as `np`. */
export const NAMESPACES: ReadonlyMap<string, { functions: Map<string, FunctionSpec>; constants: Map<string, number> }> =
  new Map([
    ["np", { functions: table("np.", NP_FUNCTIONS), constants: new Map(CONSTANTS) }],
    ["numpy", { functions: table("np.", NP_FUNCTIONS), constants: new Map(CONSTANTS) }],
    ["math", { functions: table("math.", MATH_FUNCTIONS), constants: new Map([...CONSTANTS, ["tau", 2 * Math.PI]]) }],
  ]);

export const BUILTIN_FUNCTIONS: ReadonlyMap<string, FunctionSpec> = table("", BUILTINS);

/** Look up a function by canonical name (used by the derivative to build new calls). */
export function npFunction(name: string): FunctionSpec {
  const f = NAMESPACES.get("np")!.functions.get(name);
  if (!f) throw new Error(`internal: no np.${name}`);
  return f;
}

/** Every name an expression may use besides its variables, for error messages. */
export function allowedNames(): string[] {
  const out: string[] = [];
  for (const ns of ["np", "math"]) {
    const t = NAMESPACES.get(ns)!;
    for (const k of t.functions.keys()) out.push(`${ns}.${k}`);
    for (const k of t.constants.keys()) out.push(`${ns}.${k}`);
  }
  for (const k of BUILTIN_FUNCTIONS.keys()) out.push(k);
  return out;
}
