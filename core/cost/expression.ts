/**
 * The CPU cost of evaluating a parsed expression, from its tree and the shape of x, before
 * anything runs. Each node is costed by its kind and by the number of elements it produces
 * (shapes followed through the tree as numpy would):
 *
 *   ns = evaluation + Σ over nodes  fixed[kind] + perElement[kind] × elements(node)
 *
 * Kinds: arithmetic (+ - * / and -x, x**2), function (np.exp and the other element-wise
 * functions, general powers, // and %), slice (x[1:], x[::-1]: a fresh array each time),
 * index (x[0]; on a matrix a whole row), reduction (np.sum, np.mean, np.max, np.dot over every
 * element of the argument), python (Python's sum/max/min, element by element), leaf (numbers,
 * constants, x). Coefficients: scripts/calibrate-costs.ts (calibration.json, "expression").
 */
import type { Expression, IndexItem, Node } from "../expr/ast";
import { size } from "../ndarray";
import calibration from "./calibration.json";
import { type LinearModel, predictNs } from "./linear";

export const NODE_KINDS = ["leaf", "arithmetic", "function", "slice", "index", "reduction", "python"] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

const MODEL = calibration.expression as LinearModel;
const REDUCTIONS = new Set(["np.sum", "np.mean", "np.max", "np.amax", "np.min", "np.amin", "np.dot"]);
const PYTHON = new Set(["sum", "max", "min"]);

/** The larger operand's shape: broadcasting that would grow past it is refused at evaluation. */
function broadcast(a: number[], b: number[]): number[] {
  return size(a) >= size(b) ? a : b;
}

function indexShape(shape: number[], items: readonly IndexItem[]): number[] {
  const out: number[] = [];
  for (let ax = 0; ax < shape.length; ax++) {
    const it = items[ax];
    if (it === undefined) out.push(shape[ax]);
    else if (it.kind === "slice") out.push(Math.ceil(shape[ax] / (Math.abs(it.step ?? 1) || 1))); // at most
  }
  return out;
}

/**
 * The model's features for one evaluation: `evaluation` (1), and per kind the node count
 * (`arithmetic`) and the elements those nodes produce (`arithmeticElements`).
 */
export function expressionFeatures(expr: Expression, xShape: readonly number[]): Record<string, number> {
  const f: Record<string, number> = { evaluation: 1 };
  for (const k of NODE_KINDS) f[k] = f[`${k}Elements`] = 0;
  const add = (kind: NodeKind, elements: number): void => {
    f[kind]++;
    f[`${kind}Elements`] += elements;
  };
  const visit = (n: Node): number[] => {
    switch (n.kind) {
      case "num":
      case "const":
        add("leaf", 0);
        return [];
      case "var":
        add("leaf", 0);
        return [...xShape];
      case "neg": {
        const s = visit(n.arg);
        add("arithmetic", size(s));
        return s;
      }
      case "binary": {
        const s = broadcast(visit(n.left), visit(n.right));
        const plain =
          n.op === "+" ||
          n.op === "-" ||
          n.op === "*" ||
          n.op === "/" ||
          (n.op === "**" && n.right.kind === "num" && n.right.value === 2);
        add(plain ? "arithmetic" : "function", size(s));
        return s;
      }
      case "call": {
        const args = n.args.map(visit);
        const elements = args.reduce((s, a) => s + size(a), 0);
        if (REDUCTIONS.has(n.fn.name)) {
          add("reduction", elements);
          return [];
        }
        if (PYTHON.has(n.fn.name)) {
          add("python", elements);
          return n.fn.name === "sum" && args.length === 1 ? args[0].slice(1) : [];
        }
        const largest = args.reduce((a, b) => broadcast(a, b), []);
        add("function", size(largest));
        return largest;
      }
      case "index": {
        const out = indexShape(visit(n.target), n.items);
        add(n.items.some((it) => it.kind === "slice") ? "slice" : "index", size(out));
        return out;
      }
    }
  };
  visit(expr.root);
  return f;
}

/** Nanoseconds of one evaluation of expr at an x of the given shape ([] for a number). */
export function expressionNs(expr: Expression, xShape: readonly number[]): number {
  return predictNs(MODEL, expressionFeatures(expr, xShape));
}
