import { typeError } from "../i18n";
import type { NDArray } from "../ndarray";
import { shapeString } from "../ndarray";
import { type Expression, type Node, walk } from "./ast";
import {
  add,
  divide,
  floorDivide,
  indexValue,
  map1,
  map2,
  multiply,
  power,
  powerValue,
  remainder,
  subtract,
  type Value,
} from "./ops";

// Compilation turns the tree into nested closures once; evaluating them does no string work
// and no lookups by name, which matters because numerical gradients call f thousands of times.

type Env = Value[];
type Compiled = (env: Env) => Value;
type ScalarCompiled = (x: number) => number;

const SCALAR_OPS = {
  "+": add,
  "-": subtract,
  "*": multiply,
  "/": divide,
  "//": floorDivide,
  "%": remainder,
  "**": power,
} as const;

function label(node: Node): string {
  return node.kind === "var" ? node.name : "the value";
}

function compileNode(node: Node, slots: ReadonlyMap<string, number>): Compiled {
  switch (node.kind) {
    case "num":
    case "const": {
      const v = node.value;
      return () => v;
    }
    case "var": {
      const i = slots.get(node.name)!;
      return (env) => env[i];
    }
    case "neg": {
      const a = compileNode(node.arg, slots);
      return (env) => {
        const v = a(env);
        return typeof v === "number" ? -v : map1(v, (t) => -t);
      };
    }
    case "binary": {
      const l = compileNode(node.left, slots),
        r = compileNode(node.right, slots);
      const op = node.op;
      if (op === "**") return (env) => powerValue(l(env), r(env));
      const f = SCALAR_OPS[op];
      return (env) => {
        const a = l(env),
          b = r(env);
        return typeof a === "number" && typeof b === "number" ? f(a, b) : map2(a, b, f, op);
      };
    }
    case "call": {
      const args = node.args.map((a) => compileNode(a, slots));
      const apply = node.fn.apply;
      if (args.length === 1) {
        const [a] = args;
        const s1 = node.fn.scalar1;
        return (env) => {
          const v = a(env);
          return s1 && typeof v === "number" ? s1(v) : apply([v]);
        };
      }
      return (env) => apply(args.map((a) => a(env)));
    }
    case "index": {
      const t = compileNode(node.target, slots);
      const items = node.items,
        what = label(node.target);
      return (env) => indexValue(t(env), items, what);
    }
  }
}

/** Closures for a tree whose every value is a number (a scalar x and no subscripts). */
function compileScalarNode(node: Node, slot: string): ScalarCompiled {
  switch (node.kind) {
    case "num":
    case "const": {
      const v = node.value;
      return () => v;
    }
    case "var":
      return (x) => x;
    case "neg": {
      const a = compileScalarNode(node.arg, slot);
      return (x) => -a(x);
    }
    case "binary": {
      const l = compileScalarNode(node.left, slot),
        r = compileScalarNode(node.right, slot);
      switch (node.op) {
        case "+":
          return (x) => l(x) + r(x);
        case "-":
          return (x) => l(x) - r(x);
        case "*":
          return (x) => l(x) * r(x);
        case "/":
          return (x) => l(x) / r(x);
        case "//":
          return (x) => floorDivide(l(x), r(x));
        case "%":
          return (x) => remainder(l(x), r(x));
        case "**": {
          // the exponent is usually a literal: pick numpy's fast path once
          if (node.right.kind === "num" && node.right.value === 2)
            return (x) => {
              const v = l(x);
              return v * v;
            };
          return (x) => power(l(x), r(x));
        }
      }
      break;
    }
    case "call": {
      const args = node.args.map((a) => compileScalarNode(a, slot));
      const { scalar1, apply, name } = node.fn;
      if (scalar1 && args.length === 1) {
        const a = args[0];
        return (x) => scalar1(a(x));
      }
      return (x) => {
        const v = apply(args.map((a) => a(x)));
        if (typeof v !== "number") throw typeError("expr.call-array-scalar", { name });
        return v;
      };
    }
    case "index":
      throw typeError("expr.scalar-indexed", { slot });
  }
  throw new Error("internal: unknown node");
}

/** True when the expression subscripts something (x[0]), i.e. it expects an array x. */
export function usesIndexing(expr: Expression): boolean {
  let found = false;
  walk(expr.root, (n) => {
    if (n.kind === "index") found = true;
  });
  return found;
}

/** The variables the expression actually mentions. */
export function usedVariables(expr: Expression): string[] {
  const seen = new Set<string>();
  walk(expr.root, (n) => {
    if (n.kind === "var") seen.add(n.name);
  });
  return expr.variables.filter((v) => seen.has(v));
}

const compiledCache = new WeakMap<Expression, Compiled>();

function compiled(expr: Expression): Compiled {
  let c = compiledCache.get(expr);
  if (!c) {
    c = compileNode(expr.root, new Map(expr.variables.map((v, i) => [v, i])));
    compiledCache.set(expr, c);
  }
  return c;
}

/** A 0-d array is a scalar during evaluation. */
function normalise(v: Value, name: string): Value {
  if (typeof v === "number") return v;
  if (v === null || typeof v !== "object" || !(v.data instanceof Float64Array) || !Array.isArray(v.shape)) {
    throw new TypeError(`evaluate: ${name} must be a number or an NDArray`);
  }
  return v.shape.length === 0 ? v.data[0] : v;
}

/**
 * Evaluates with numpy's semantics: element-wise operators broadcast, division by zero gives
 * inf or nan (never an exception), `//` and `%` floor like Python. A missing variable is a
 * TypeError; an index out of range is a RangeError naming the index, axis and shape.
 */
export function evaluate(expr: Expression, scope: Record<string, Value>): Value {
  const env = expr.variables.map((name) => {
    if (!Object.hasOwn(scope, name)) {
      throw new TypeError(`evaluate: no value given for variable '${name}'`);
    }
    return normalise(scope[name], name);
  });
  return compiled(expr)(env);
}

function onlyVariable(expr: Expression, fnName: string): string {
  const used = usedVariables(expr);
  const v = expr.variables[0];
  if (used.some((u) => u !== v)) {
    throw new TypeError(`${fnName}: the expression uses ${used.join(", ")} but only ${v} is given`);
  }
  return v;
}

/** f(x) for a scalar x. Throws a TypeError if the expression indexes x or yields an array. */
export function compileScalar(expr: Expression): (x: number) => number {
  const v = onlyVariable(expr, "compileScalar");
  return compileScalarNode(expr.root, v);
}

/** f(x) for an array x; the result must be a scalar (wrap element-wise results in np.sum). */
export function compileArray(expr: Expression): (x: NDArray) => number {
  const v = onlyVariable(expr, "compileArray");
  const c = compiled(expr);
  const env: Env = [0];
  return (x) => {
    env[0] = normalise(x, v);
    const r = c(env);
    if (typeof r !== "number") {
      throw typeError("expr.not-scalar", { v, shape: shapeString(r.shape) });
    }
    return r;
  };
}
