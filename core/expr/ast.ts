import type { FunctionSpec } from "./functions";

/** One position of a subscript: an integer literal, or a slice start:stop:step of literals. */
export type IndexItem =
  | { kind: "int"; value: number }
  | { kind: "slice"; start: number | null; stop: number | null; step: number | null };

export type BinaryOp = "+" | "-" | "*" | "/" | "//" | "%" | "**";

/** The parse tree. `col` is the 1-based source column used in error messages. */
export type Node =
  | { kind: "num"; value: number; isInt: boolean; raw?: string; col: number }
  | { kind: "var"; name: string; col: number }
  | { kind: "const"; name: string; value: number; col: number }
  | { kind: "neg"; arg: Node; col: number }
  | { kind: "binary"; op: BinaryOp; left: Node; right: Node; col: number }
  | { kind: "call"; name: string; fn: FunctionSpec; args: Node[]; col: number }
  | { kind: "index"; target: Node; items: IndexItem[]; col: number };

/** A parsed expression. Treat everything but `source` and `variables` as opaque. */
export interface Expression {
  /** the text the expression was parsed from (or printed from, for derivatives) */
  readonly source: string;
  /** the names that evaluation binds, in order (default ["x"]) */
  readonly variables: readonly string[];
  /** @internal the tree */
  readonly root: Node;
}

export function walk(node: Node, visit: (n: Node) => void): void {
  visit(node);
  switch (node.kind) {
    case "neg":
      walk(node.arg, visit);
      break;
    case "binary":
      walk(node.left, visit);
      walk(node.right, visit);
      break;
    case "call":
      for (const a of node.args) walk(a, visit);
      break;
    case "index":
      walk(node.target, visit);
      break;
    default:
      break;
  }
}
