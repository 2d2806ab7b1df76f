import { text } from "../i18n";
import { EXPRESSION_LIMITS, ExpressionError } from "./errors";

export type TokenKind = "num" | "name" | "op" | "end";

export interface Token {
  kind: TokenKind;
  /** the source text of the token ("" for end) */
  text: string;
  /** 1-based column of the first character */
  col: number;
  /** numbers only: the value, and whether Python reads it as an int */
  value?: number;
  isInt?: boolean;
}

// Operators this language implements ("=" only so that the parser can explain keyword
// arguments and assignments); the rest of Python's operators are tokenized only so
// that the error can name them ("operator '<' is not supported") instead of a bare character.
const SUPPORTED_OPS = ["**", "//", "+", "-", "*", "/", "%", "(", ")", "[", "]", ",", ":", ".", "="];
const PYTHON_OPS = [
  "<<=",
  ">>=",
  "**=",
  "//=",
  "==",
  "!=",
  "<=",
  ">=",
  "<<",
  ">>",
  "->",
  ":=",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "|=",
  "^=",
  "@=",
  "<",
  ">",
  "&",
  "|",
  "^",
  "~",
  "@",
  "{",
  "}",
  ";",
];
// Longest match first.
const OPS = [...SUPPORTED_OPS, ...PYTHON_OPS].sort((a, b) => b.length - a.length);
const SUPPORTED = new Set(SUPPORTED_OPS);

const DIGITS = /[0-9](?:_?[0-9])*/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/** Python 3 number syntax (decimal only): 1, 1_000, 1.5, .5, 5., 1e-4, 2.5E+3. */
function readNumber(src: string, start: number): { text: string; isInt: boolean; end: number } {
  let i = start;
  let isInt = true;
  const digits = (): boolean => {
    DIGITS.lastIndex = i;
    const m = DIGITS.exec(src);
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  const hadInt = digits();
  if (src[i] === ".") {
    isInt = false;
    i++;
    const hadFrac = digits();
    if (!hadInt && !hadFrac) throw new ExpressionError(start + 1, text("expr.digit-after-dot"));
  }
  if (src[i] === "e" || src[i] === "E") {
    isInt = false;
    i++;
    if (src[i] === "+" || src[i] === "-") i++;
    if (!digits()) throw new ExpressionError(i + 1, text("expr.exponent-digits"));
  }
  const raw = src.slice(start, i);
  const next = src[i];
  if (next === "_") throw new ExpressionError(i + 1, text("expr.underscore"));
  if (next === "j" || next === "J") throw new ExpressionError(start + 1, text("expr.complex"));
  if (next !== undefined && /[A-Za-z0-9_]/.test(next)) {
    throw new ExpressionError(start + 1, text("expr.invalid-number", { number: `${raw}${next}` }));
  }
  // Python rejects 007 (ambiguous octal) but accepts 0, 00 and 0.7.
  if (isInt && /^0+_?[1-9]/.test(raw)) {
    throw new ExpressionError(start + 1, text("expr.leading-zeros", { number: raw }));
  }
  return { text: raw, isInt, end: i };
}

export function tokenize(src: string): Token[] {
  if (typeof src !== "string") throw new TypeError("expression: the function must be a string");
  if (src.length > EXPRESSION_LIMITS.maxLength) {
    throw new ExpressionError(
      EXPRESSION_LIMITS.maxLength + 1,
      text("expr.too-long", { max: EXPRESSION_LIMITS.maxLength }),
    );
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    const col = i + 1;
    if ((c >= "0" && c <= "9") || (c === "." && src[i + 1] >= "0" && src[i + 1] <= "9")) {
      if (c === "0" && /[xXoObB]/.test(src[i + 1] ?? "")) {
        throw new ExpressionError(col, text("expr.decimal-only"));
      }
      const n = readNumber(src, i);
      // Number() rounds a decimal string to the nearest double, as Python's float() does.
      tokens.push({ kind: "num", text: n.text, col, value: Number(n.text.replace(/_/g, "")), isInt: n.isInt });
      i = n.end;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(src);
    if (name) {
      const next = src[i + name[0].length];
      if ((next === "'" || next === '"') && /^[rbfuRBFU]{1,2}$/.test(name[0])) {
        throw new ExpressionError(col, text("expr.strings"));
      }
      tokens.push({ kind: "name", text: name[0], col });
      i += name[0].length;
      continue;
    }
    if (c === "'" || c === '"') throw new ExpressionError(col, text("expr.strings"));
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      if (!SUPPORTED.has(op)) throw new ExpressionError(col, text("expr.operator", { op }));
      tokens.push({ kind: "op", text: op, col });
      i += op.length;
      continue;
    }
    const shown = JSON.stringify(String.fromCodePoint(src.codePointAt(i)!)).slice(1, -1);
    throw new ExpressionError(col, text("expr.character", { char: shown }));
  }
  tokens.push({ kind: "end", text: "", col: src.length + 1 });
  return tokens;
}
