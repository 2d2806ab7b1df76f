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
    if (this.peek().kind === "end") throw new ExpressionError(this.peek().col, "expected an expression");
    const root = this.sum();
    const t = this.peek();
    if (t.kind !== "end") {
      if (t.text === "(") throw new ExpressionError(t.col, "only functions can be called");
      if (t.text === "=")
        throw new ExpressionError(t.col, "assignments are not supported; write only the right-hand side");
      if (t.kind === "name" && KEYWORDS.has(t.text)) {
        throw new ExpressionError(t.col, `'${t.text}' is a Python keyword; it is not supported in expressions`);
      }
      if (t.kind === "name" || t.kind === "num") {
        throw new ExpressionError(t.col, `expected an operator before '${t.text}'`);
      }
      throw new ExpressionError(t.col, `unexpected '${t.text}'`);
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

  private expect(text: string): Token {
    const t = this.peek();
    if (t.kind !== "op" || t.text !== text) {
      const got = t.kind === "end" ? "the end of the expression" : `'${t.text}'`;
      throw new ExpressionError(t.col, `expected '${text}' but found ${got}`);
    }
    return this.next();
  }

  private node<N extends Node>(n: N): N {
    if (++this.nodes > EXPRESSION_LIMITS.maxNodes) {
      throw new ExpressionError(n.col, `expression is too large (more than ${EXPRESSION_LIMITS.maxNodes} parts)`);
    }
    return n;
  }

  private enter(col: number): void {
    if (++this.depth > EXPRESSION_LIMITS.maxDepth) {
      throw new ExpressionError(
        col,
        `expression is nested too deeply (more than ${EXPRESSION_LIMITS.maxDepth} levels)`,
      );
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
      throw new ExpressionError(op.col, `too many chained '**' (more than ${EXPRESSION_LIMITS.maxPowerChain})`);
    }
    const exponent = this.unary(powerChain + 1);
    return this.node({ kind: "binary", op: "**", left: base, right: exponent, col: op.col });
  }

  private postfix(): Node {
    let target = this.atom();
    while (this.isOp("[") || this.isOp("(") || this.isOp(".")) {
      const t = this.peek();
      if (t.text === "(") {
        const what = target.kind === "var" ? `${target.name} is not a function` : "only functions can be called";
        throw new ExpressionError(t.col, what);
      }
      if (t.text === ".") {
        throw new ExpressionError(t.col, "attribute access is not supported (only names such as np.exp)");
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
          if (step === 0) throw new ExpressionError(t.col, "slice step cannot be zero");
        }
        items.push({ kind: "slice", start, stop, step });
      } else if (start === null) {
        const t = this.peek();
        throw new ExpressionError(t.col, "indices must be integer literals, e.g. x[0], x[-1], x[1:]");
      } else {
        items.push({ kind: "int", value: start });
      }
      if (items.length > EXPRESSION_LIMITS.maxArgs) {
        throw new ExpressionError(this.peek().col, `too many indices (more than ${EXPRESSION_LIMITS.maxArgs})`);
      }
    } while (this.isOp(",") && this.next());
    if (items.length === 0) throw new ExpressionError(this.peek().col, "expected an index");
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
      throw new ExpressionError(first.col, "indices must be integer literals, e.g. x[0], x[-1], x[1:]");
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
      if (this.isOp(")"))
        throw new ExpressionError(this.peek().col, "tuples are not supported; expected an expression");
      const inner = this.sum();
      if (this.isOp(",")) throw new ExpressionError(this.peek().col, "tuples are not supported; expected ')'");
      this.expect(")");
      this.depth--;
      return inner;
    }
    if (t.kind === "name") return this.name(t);
    if (t.kind === "end") throw new ExpressionError(t.col, "unexpected end of the expression");
    throw new ExpressionError(t.col, `unexpected '${t.text}'`);
  }

  private unknown(col: number, name: string): never {
    const allowed = [...this.variables, ...allowedNames()].join(", ");
    throw new ExpressionError(col, `unknown name '${name}' (allowed: ${allowed})`);
  }

  private name(t: Token): Node {
    const name = t.text;
    if (this.variables.has(name)) return this.node({ kind: "var", name, col: t.col });
    if (KEYWORDS.has(name))
      throw new ExpressionError(t.col, `'${name}' is a Python keyword; it is not supported in expressions`);
    const ns = NAMESPACES.get(name);
    if (ns) {
      if (!this.isOp("."))
        throw new ExpressionError(
          t.col,
          `'${name}' must be followed by a name, e.g. ${name === "math" ? "math.exp" : `${name}.exp`}`,
        );
      this.next();
      const attr = this.next();
      if (attr.kind !== "name") throw new ExpressionError(attr.col, `expected a name after '${name}.'`);
      const qualified = `${name}.${attr.text}`;
      const value = ns.constants.get(attr.text);
      if (value !== undefined) {
        if (this.isOp("."))
          throw new ExpressionError(this.peek().col, "attribute access is not supported (only names such as np.exp)");
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
      if (this.isOp("."))
        throw new ExpressionError(this.peek().col, "attribute access is not supported (only names such as np.exp)");
      throw new ExpressionError(t.col, `${name} is a function and must be called, e.g. ${name}(x)`);
    }
    const open = this.next();
    this.enter(open.col);
    const args: Node[] = [];
    while (!this.isOp(")")) {
      if (this.peek().kind === "name" && this.tokens[this.pos + 1]?.text === "=") {
        throw new ExpressionError(this.peek().col, `keyword arguments are not supported in ${name}(...)`);
      }
      args.push(this.sum());
      if (args.length > EXPRESSION_LIMITS.maxArgs) {
        throw new ExpressionError(this.peek().col, `too many arguments (more than ${EXPRESSION_LIMITS.maxArgs})`);
      }
      if (this.isOp(",")) this.next();
      else if (!this.isOp(")")) {
        const p = this.peek();
        const got = p.kind === "end" ? "the end of the expression" : `'${p.text}'`;
        throw new ExpressionError(p.col, `expected ',' or ')' but found ${got}`);
      }
    }
    this.next();
    this.depth--;
    if (args.length < fn.minArgs || args.length > fn.maxArgs) {
      const want = fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
      throw new ExpressionError(
        t.col,
        `${name}() takes ${want} argument${want === "1" ? "" : "s"}, got ${args.length}`,
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
