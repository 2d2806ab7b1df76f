/**
 * Learner-facing messages in English and Korean, one catalogue per language (en.ts, ko.ts).
 *
 *   t("ko", "grade.correct")                              -> "정답입니다."
 *   text("mistake.cross_entropy.summed-over-batch", { batch: 4 })   a message not yet rendered
 *   render("ko", [text(...), text(...)])                  -> the parts joined with a space
 *
 * core/ builds `Text` values (a key and its parameters) and worker/ renders them in the
 * request's language, so nothing stored depends on who asked first.
 */
import { type Catalogue, en, type MessageKey } from "./en";
import { ko } from "./ko";
import type { Lang } from "./lang";

export { type Catalogue, en, type MessageKey } from "./en";
export { rangeError, rangeErrorIn, reasonOf, textOf, typeError, type WithText } from "./errors";
export { ko } from "./ko";
export { DEFAULT_LANG, isLang, LANGS, type Lang, negotiate } from "./lang";

export const CATALOGUES: Readonly<Record<Lang, Catalogue>> = { en, ko };

/** `{name}` placeholders: an identifier in braces (other braces are literal text). */
export const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

type Identifier<P extends string> = P extends ""
  ? never
  : P extends `${string}${" " | '"' | "." | ":" | "," | "{" | "}" | "'"}${string}`
    ? never
    : P;
/** The placeholder names of a template string, as a union type. */
export type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? Identifier<P> | Placeholders<Rest>
  : never;
/** A parameter: a value printed as it is, or messages rendered in the same language (a list joined by `join`). */
export type ParamValue = string | number | Text | { join: string; items: readonly Text[] };
export type ParamsOf<K extends MessageKey> = { [P in Placeholders<(typeof en)[K]>]: ParamValue };

/** A message with its parameters, rendered later in the reader's language. */
export interface Text {
  key: MessageKey;
  params?: Record<string, ParamValue>;
}

export type ParamArgs<K extends MessageKey> = [Placeholders<(typeof en)[K]>] extends [never]
  ? []
  : [params: ParamsOf<K>];

export function text<K extends MessageKey>(key: K, ...params: ParamArgs<K>): Text {
  return params.length ? { key, params: params[0] as Record<string, ParamValue> } : { key };
}

function value(lang: Lang, v: ParamValue): string {
  if (typeof v !== "object") return String(v);
  if ("items" in v) return v.items.map((item) => render(lang, item)).join(v.join);
  return render(lang, v);
}

const fill = (lang: Lang, template: string, params: Record<string, ParamValue> = {}): string =>
  template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(params, name) ? value(lang, params[name]) : whole,
  );

export function t<K extends MessageKey>(lang: Lang, key: K, ...params: ParamArgs<K>): string {
  return fill(lang, CATALOGUES[lang][key] ?? en[key], params[0] as Record<string, ParamValue> | undefined);
}

/** A Text, a list of them (joined with a space), or plain text (returned as it is) in `lang`. */
export function render(lang: Lang, m: Text | readonly Text[] | string): string {
  if (typeof m === "string") return m;
  if (Array.isArray(m)) return m.map((part) => render(lang, part)).join(" ");
  const one = m as Text;
  return fill(lang, CATALOGUES[lang][one.key] ?? en[one.key], one.params);
}

export const isText = (v: unknown): v is Text =>
  typeof v === "object" && v !== null && typeof (v as Text).key === "string" && (v as Text).key in en;

/** Whether a key exists (for keys built at run time, such as label.<kind>.<mistake id>). */
export const hasKey = (key: string): key is MessageKey => Object.hasOwn(en, key);
