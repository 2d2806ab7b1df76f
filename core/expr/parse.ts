import { text } from "../i18n";
import type { BinaryOp, Expression, IndexItem, Node } from "./ast";
import { EXPRESSION_LIMITS, ExpressionError } from "./errors";
import { allowedNames, BUILTIN_FUNCTIONS, NAMESPACES } from "./functions";
import { type Token, tokenize } from "./tokenize";

// Python keywords and the builtins a student might reach for; all are refused with a message
// that says what they are rather than "unknown name".
const KEYWORDS = new Set([
  "False",
  "None",
  "True",
  "and",
  "as",
  "assert",
  "async",
  "await",
  "break",
  "class",
  "continue",
  "def",
  "del",
  "elif",
  "else",
  "except",
  "finally",
  "for",
  "from",
  "global",
  "if",
  "import",
  "in",
  "is",
  "lambda",
  "nonlocal",
  "not",
  "or",
  "pass",
  "raise",
  "return",
  "try",
  "while",
  "with",
  "yield",
]);

export interface ParseOptions {
  /** names bound at evaluation, default ["x"] */
  variables?: string[];
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Recursive descent over Python's expression grammar, restricted to arithmetic:
 *   sum     := product (("+" | "-") product)*
 *   product := unary (("*" | "/" | "//" | "%") unary)*
 *   unary   := ("-" | "+") unary | power
 *   power   := postfix ["**" unary]          (right-associative; -x**2 == -(x**2))
 *   postfix := atom ("[" subscripts "]")*    (calls are parsed with their name in atom)
 *   atom    := number | name | ns "." name ["(" args ")"] | name "(" args ")" | "(" sum ")"
 */
class Parser {
  private pos = 0;
  private depth = 0;
  private nodes = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly variables: ReadonlySet<string>,
  ) {}

  parse(): Node {
    if (this.peek().kind === "end") throw new ExpressionError(this.peek().col, text("expr.expected-expression"));
    const root = this.sum();
    const t = this.peek();
    if (t.kind !== "end") {
      if (t.text === "(") throw new ExpressionError(t.col, text("expr.only-functions-called"));
      if (t.text === "=") throw new ExpressionError(t.col, text("expr.assignment"));
      if (t.kind === "name" && KEYWORDS.has(t.text)) {
        throw new ExpressionError(t.col, text("expr.keyword", { name: t.text }));
      }
      if (t.kind === "name" || t.kind === "num") {
        throw new ExpressionError(t.col, text("expr.operator-before", { token: t.text }));
      }
      throw new ExpressionError(t.col, text("expr.unexpected", { token: t.text }));
    }
    return root;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private next(): Token {
    return this.tokens[this.pos++];
  }

  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === "op" && t.text === text;
  }

  private expect(op: string): Token {
    const t = this.peek();
    if (t.kind !== "op" || t.text !== op) {
      const got = t.kind === "end" ? text("expr.end-of-expression") : `'${t.text}'`;
      throw new ExpressionError(t.col, text("expr.expected-but-found", { expected: op, got }));
    }
    return this.next();
  }

  private node<N extends Node>(n: N): N {
    if (++this.nodes > EXPRESSION_LIMITS.maxNodes) {
      throw new ExpressionError(n.col, text("expr.too-large", { max: EXPRESSION_LIMITS.maxNodes }));
    }
    return n;
  }

  private enter(col: number): void {
    if (++this.depth > EXPRESSION_LIMITS.maxDepth) {
      throw new ExpressionError(col, text("expr.too-deep", { max: EXPRESSION_LIMITS.maxDepth }));
    }
  }

  private sum(): Node {
    let left = this.product();
    while (this.isOp("+") || this.isOp("-")) {
      const op = this.next();
      const right = this.product();
      left = this.node({ kind: "binary", op: op.text as BinaryOp, left, right, col: op.col });
    }
    return left;
  }

  private product(): Node {
    let left = this.unary();
    while (this.isOp("*") || this.isOp("/") || this.isOp("//") || this.isOp("%")) {
      const op = this.next();
      const right = this.unary();
      left = this.node({ kind: "binary", op: op.text as BinaryOp, left, right, col: op.col });
    }
    return left;
  }

  private unary(powerChain = 0): Node {
    const t = this.peek();
    if (!this.isOp("-") && !this.isOp("+")) return this.power(powerChain);
    this.next();
    this.enter(t.col);
    const arg = this.unary(powerChain);
    this.depth--;
    return t.text === "-" ? this.node({ kind: "neg", arg, col: t.col }) : arg;
  }

  private power(powerChain: number): Node {
    const base = this.postfix();
    if (!this.isOp("**")) return base;
    const op = this.next();
    if (powerChain + 1 > EXPRESSION_LIMITS.maxPowerChain) {
      throw new ExpressionError(op.col, text("expr.power-chain", { max: EXPRESSION_LIMITS.maxPowerChain }));
    }
    const exponent = this.unary(powerChain + 1);
    return this.node({ kind: "binary", op: "**", left: base, right: exponent, col: op.col });
  }

  private postfix(): Node {
    let target = this.atom();
    while (this.isOp("[") || this.isOp("(") || this.isOp(".")) {
      const t = this.peek();
      if (t.text === "(") {
        const what =
          target.kind === "var"
            ? text("expr.not-a-function", { name: target.name })
            : text("expr.only-functions-called");
        throw new ExpressionError(t.col, what);
      }
      if (t.text === ".") {
        throw new ExpressionError(t.col, text("expr.attribute"));
      }
      this.next();
      this.enter(t.col);
      const items = this.subscripts();
      this.expect("]");
      this.depth--;
      target = this.node({ kind: "index", target, items, col: t.col });
    }
    return target;
  }

  /** Integer literals and slices of them: x[0], x[-1], x[0, 1], x[1:], x[::-1]. */
  private subscripts(): IndexItem[] {
    const items: IndexItem[] = [];
    do {
      if (this.isOp("]")) break;
      const start = this.intLiteral();
      if (this.isOp(":")) {
        this.next();
        const stop = this.intLiteral();
        let step: number | null = null;
        if (this.isOp(":")) {
          this.next();
          const t = this.peek();
          step = this.intLiteral();
          if (step === 0) throw new ExpressionError(t.col, text("expr.slice-step-zero"));
        }
        items.push({ kind: "slice", start, stop, step });
      } else if (start === null) {
        const t = this.peek();
        throw new ExpressionError(t.col, text("expr.integer-indices"));
      } else {
        items.push({ kind: "int", value: start });
      }
      if (items.length > EXPRESSION_LIMITS.maxArgs) {
        throw new ExpressionError(this.peek().col, text("expr.too-many-indices", { max: EXPRESSION_LIMITS.maxArgs }));
      }
    } while (this.isOp(",") && this.next());
    if (items.length === 0) throw new ExpressionError(this.peek().col, text("expr.expected-index"));
    return items;
  }

  /** An optional signed integer literal; anything else before ':' , ',' or ']' is an error. */
  private intLiteral(): number | null {
    if (this.isOp(":") || this.isOp(",") || this.isOp("]")) return null;
    let sign = 1;
    const first = this.peek();
    if (this.isOp("-") || this.isOp("+")) {
      if (this.next().text === "-") sign = -1;
    }
    const t = this.peek();
    if (t.kind !== "num" || !t.isInt || !Number.isSafeInteger(t.value)) {
      throw new ExpressionError(first.col, text("expr.integer-indices"));
    }
    this.next();
    this.node({ kind: "num", value: 0, isInt: true, col: t.col }); // counts towards maxNodes
    return sign * t.value!;
  }

  private atom(): Node {
    const t = this.next();
    if (t.kind === "num") {
      return this.node({ kind: "num", value: t.value!, isInt: t.isInt!, raw: t.text, col: t.col });
    }
    if (t.kind === "op" && t.text === "(") {
      this.enter(t.col);
      if (this.isOp(")")) throw new ExpressionError(this.peek().col, text("expr.tuple-expression"));
      const inner = this.sum();
      if (this.isOp(",")) throw new ExpressionError(this.peek().col, text("expr.tuple-paren"));
      this.expect(")");
      this.depth--;
      return inner;
    }
    if (t.kind === "name") return this.name(t);
    if (t.kind === "end") throw new ExpressionError(t.col, text("expr.unexpected-end"));
    throw new ExpressionError(t.col, text("expr.unexpected", { token: t.text }));
  }

  private unknown(col: number, name: string): never {
    const allowed = [...this.variables, ...allowedNames()].join(", ");
    throw new ExpressionError(col, text("expr.unknown-name", { name, allowed }));
  }

  private name(t: Token): Node {
    const name = t.text;
    if (this.variables.has(name)) return this.node({ kind: "var", name, col: t.col });
    if (KEYWORDS.has(name)) throw new ExpressionError(t.col, text("expr.keyword", { name }));
    const ns = NAMESPACES.get(name);
    if (ns) {
      if (!this.isOp("."))
        throw new ExpressionError(t.col, text("expr.namespace-name", { name, example: `${name}.exp` }));
      this.next();
      const attr = this.next();
      if (attr.kind !== "name") throw new ExpressionError(attr.col, text("expr.name-after", { name }));
      const qualified = `${name}.${attr.text}`;
      const value = ns.constants.get(attr.text);
      if (value !== undefined) {
        if (this.isOp(".")) throw new ExpressionError(this.peek().col, text("expr.attribute"));
        return this.node({ kind: "const", name: qualified, value, col: t.col });
      }
      const fn = ns.functions.get(attr.text);
      if (!fn) this.unknown(t.col, qualified);
      return this.call(t, qualified, fn);
    }
    const builtin = BUILTIN_FUNCTIONS.get(name);
    if (builtin) return this.call(t, name, builtin);
    return this.unknown(t.col, name);
  }

  private call(t: Token, name: string, fn: NonNullable<ReturnType<typeof BUILTIN_FUNCTIONS.get>>): Node {
    if (!this.isOp("(")) {
      if (this.isOp(".")) throw new ExpressionError(this.peek().col, text("expr.attribute"));
      throw new ExpressionError(t.col, text("expr.must-call", { name }));
    }
    const open = this.next();
    this.enter(open.col);
    const args: Node[] = [];
    while (!this.isOp(")")) {
      if (this.peek().kind === "name" && this.tokens[this.pos + 1]?.text === "=") {
        throw new ExpressionError(this.peek().col, text("expr.keyword-arguments", { name }));
      }
      args.push(this.sum());
      if (args.length > EXPRESSION_LIMITS.maxArgs) {
        throw new ExpressionError(this.peek().col, text("expr.too-many-arguments", { max: EXPRESSION_LIMITS.maxArgs }));
      }
      if (this.isOp(",")) this.next();
      else if (!this.isOp(")")) {
        const p = this.peek();
        const got = p.kind === "end" ? text("expr.end-of-expression") : `'${p.text}'`;
        throw new ExpressionError(p.col, text("expr.comma-or-paren", { got }));
      }
    }
    this.next();
    this.depth--;
    if (args.length < fn.minArgs || args.length > fn.maxArgs) {
      const got = args.length;
      throw new ExpressionError(
        t.col,
        fn.minArgs !== fn.maxArgs
          ? text("expr.arity-range", { name, min: fn.minArgs, max: fn.maxArgs, got })
          : fn.minArgs === 1
            ? text("expr.arity-one", { name, got })
            : text("expr.arity", { name, want: fn.minArgs, got }),
      );
    }
    return this.node({ kind: "call", name, fn, args, col: t.col });
  }
}

export function parseExpression(source: string, opts: ParseOptions = {}): Expression {
  const variables = opts.variables ?? ["x"];
  for (const v of variables) {
    if (!IDENT.test(v) || KEYWORDS.has(v) || NAMESPACES.has(v) || BUILTIN_FUNCTIONS.has(v)) {
      throw new TypeError(`parseExpression: '${v}' cannot be used as a variable name`);
    }
  }
  const tokens = tokenize(source);
  const root = new Parser(tokens, new Set(variables)).parse();
  return Object.freeze({ source, variables: Object.freeze([...variables]), root });
}
