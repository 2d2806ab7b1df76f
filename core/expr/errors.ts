import { render, type Text, text } from "../i18n";

/**
 * Limits checked while parsing, so that a hostile or accidental input fails fast and every
 * accepted expression costs bounded work per evaluation (work ~ nodes x array size).
 */
export const EXPRESSION_LIMITS = {
  /** characters of source; checked before anything else is read */
  maxLength: 1000,
  /** nesting of parentheses, unary signs, calls, subscripts and exponents */
  maxDepth: 64,
  /** nodes of the tree (numbers, names, operators, calls, subscripts) */
  maxNodes: 500,
  /** `**` operators in one right-associative tower such as x**x**x**x */
  maxPowerChain: 8,
  /** arguments of one call */
  maxArgs: 8,
} as const;

/**
 * A syntax or name error in a user's expression, located by a 1-based column. `message` is
 * English; `text` is the same message as a catalogue text, for the reader's language.
 */
export class ExpressionError extends Error {
  readonly column: number;
  /** The reason in English, without the column. */
  readonly reason: string;
  readonly text: Text;
  constructor(column: number, reason: Text) {
    const located = text("expr.at", { column, reason });
    super(render("en", located));
    this.name = "ExpressionError";
    this.column = column;
    this.reason = render("en", reason);
    this.text = located;
  }
}
