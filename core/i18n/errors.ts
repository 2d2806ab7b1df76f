import { isText, type MessageKey, type ParamArgs, render, type Text, text } from "./index";

/**
 * Errors a learner may read. core/ throws the usual RangeError or TypeError, with the message
 * as a catalogue text beside it: `message` is the English, `text` the key and parameters that
 * worker/ renders in the request's language (worker/http/errors.ts, like AnswerError's text).
 *
 *   throw rangeError("error.book.same-shape", { fn: "meanSquaredError", y: "(2,)", t: "(3,)" })
 */
export type WithText<E extends Error> = E & { readonly text: Text };

export function rangeError<K extends MessageKey>(key: K, ...params: ParamArgs<K>): WithText<RangeError> {
  const m = text(key, ...params);
  return Object.assign(new RangeError(render("en", m)), { text: m });
}

export function typeError<K extends MessageKey>(key: K, ...params: ParamArgs<K>): WithText<TypeError> {
  const m = text(key, ...params);
  return Object.assign(new TypeError(render("en", m)), { text: m });
}

/** The catalogue text an error carries (rangeError, typeError, ExpressionError, AnswerError …), if any. */
export function textOf(err: unknown): Text | undefined {
  if (!(err instanceof Error)) return undefined;
  const m = (err as { text?: unknown }).text;
  return isText(m) ? m : undefined;
}
