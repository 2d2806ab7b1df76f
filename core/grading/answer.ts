import { render, type Text, text } from "../i18n";
import type { NDArray } from "../ndarray";

/**
 * A student's answer as an NDArray: a number, nested lists (numpy's `tolist()`), or the
 * non-finite spellings Python and JavaScript print ("nan", "NaN", "inf", "Infinity", "-inf",
 * "-Infinity"). Booleans, objects and ragged lists are refused with the offending path.
 */
const SPECIAL: Record<string, number> = {
  nan: NaN,
  NaN: NaN,
  "-nan": NaN,
  inf: Infinity,
  Infinity: Infinity,
  "+inf": Infinity,
  "+Infinity": Infinity,
  infinity: Infinity,
  "-inf": -Infinity,
  "-Infinity": -Infinity,
  "-infinity": -Infinity,
};

export const ANSWER_LIMITS = { maxElements: 100_000, maxRank: 4 } as const;

export class AnswerError extends Error {
  constructor(
    readonly path: (string | number)[],
    /** The message in any language (`message` holds it in English). */
    readonly text: Text,
  ) {
    super(render("en", text));
    this.name = "AnswerError";
  }
}

function scalar(v: unknown, path: (string | number)[]): number {
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() in SPECIAL) return SPECIAL[v.trim()];
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  const got =
    v === null
      ? "null"
      : Array.isArray(v)
        ? text("error.value.list")
        : typeof v === "string"
          ? JSON.stringify(v.slice(0, 20))
          : typeof v;
  throw new AnswerError(path, text("error.answer.number", { got }));
}

export function parseAnswer(value: unknown): NDArray {
  const shape: number[] = [];
  for (let probe: unknown = value; Array.isArray(probe); probe = probe[0]) {
    shape.push(probe.length);
    if (shape.length > ANSWER_LIMITS.maxRank)
      throw new AnswerError([], text("error.answer.too-deep", { max: ANSWER_LIMITS.maxRank }));
    if (probe.length === 0) break;
  }
  let n = 1;
  for (const d of shape) n *= d;
  if (n > ANSWER_LIMITS.maxElements)
    throw new AnswerError([], text("error.answer.too-many", { max: ANSWER_LIMITS.maxElements }));
  const data = new Float64Array(n);
  let k = 0;
  const walk = (v: unknown, depth: number, path: (string | number)[]): void => {
    if (depth === shape.length) {
      data[k++] = scalar(v, path);
      return;
    }
    if (!Array.isArray(v)) throw new AnswerError(path, text("error.answer.ragged-depth", { n: shape[depth] }));
    if (v.length !== shape[depth])
      throw new AnswerError(path, text("error.answer.ragged", { n: v.length, expected: shape[depth] }));
    for (let i = 0; i < v.length; i++) walk(v[i], depth + 1, [...path, i]);
  };
  walk(value, 0, []);
  return { data, shape };
}

/**
 * JSON.parse that also reads Python's json.dumps spellings NaN, Infinity and -Infinity (which
 * `json.dumps(answers)` writes for nan/inf by default) by turning them into strings first.
 * Tokens inside strings are left alone.
 */
export function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(quoteNonFinite(text));
  }
}

function quoteNonFinite(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const m = /^(-?Infinity|NaN)/.exec(text.slice(i, i + 9));
    if (m) {
      out += `"${m[1]}"`;
      i += m[1].length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}
