import { isText, type MessageKey, type ParamArgs, render, type Text, text } from "./index";

/**
 * Errors a learner may read. core/ throws the usual RangeError or TypeError, with the message
 * as a catalogue text beside it: `message` is the English, `text` the key and parameters that
 * worker/ renders in the request's language (worker/http/errors.ts, like AnswerError's text).
 *
 *   throw rangeError("error.book.same-shape", { fn: "meanSquaredError", y: "(2,)", t: "(3,)" })
 */
export type WithText<E extends Error> = E & { readonly text: Text };

/** `text` is not enumerable, so the error compares and prints as the plain RangeError it was. */
const withText = <E extends Error>(err: E, m: Text): WithText<E> =>
  Object.defineProperty(err, "text", { value: m, enumerable: false }) as WithText<E>;

export function rangeError<K extends MessageKey>(key: K, ...params: ParamArgs<K>): WithText<RangeError> {
  const m = text(key, ...params);
  return withText(new RangeError(render("en", m)), m);
}

export function typeError<K extends MessageKey>(key: K, ...params: ParamArgs<K>): WithText<TypeError> {
  const m = text(key, ...params);
  return withText(new TypeError(render("en", m)), m);
}

/** The catalogue text an error carries (rangeError, typeError, ExpressionError, AnswerError …), if any. */
export function textOf(err: unknown): Text | undefined {
  if (!(err instanceof Error)) return undefined;
  const m = (err as { text?: unknown }).text;
  return isText(m) ? m : undefined;
}

/** A RangeError naming the function it comes from, "fn: reason", as core's messages do. */
export function rangeErrorIn<K extends MessageKey>(fn: string, key: K, ...params: ParamArgs<K>): WithText<RangeError> {
  return rangeError("error.in", { fn, reason: text(key, ...params) });
}

/** The reason of an error from rangeErrorIn (its text without the function's name), else its text. */
export function reasonOf(err: unknown): Text | undefined {
  const m = textOf(err);
  return m?.key === "error.in" && isText(m.params?.reason) ? m.params.reason : m;
}
