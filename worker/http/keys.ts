import { text } from "../../core/i18n";
import { Problem } from "./problem";

/**
 * The keys a JSON body may carry. Unknown keys are a 422 naming each one with a did-you-mean
 * ("/step_numm": did you mean "step_num"?), and a field sent under both its book name and an
 * older alias (`step_num` and `steps`) is a 422 too, so a typo is never silently ignored.
 */
export interface BodyKeys {
  /** Every key the route reads, aliases included. */
  known: readonly string[];
  /** alias -> the book's name for the same field. */
  aliases?: Readonly<Record<string, string>>;
}

/** Levenshtein distance (small strings: field names). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** "did you mean" for an unknown key: the closest known one within 2 edits, if any. */
export function didYouMean(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

/** A JSON Pointer token (RFC 6901). */
const token = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * The 422 for unknown keys: one error per key, each with the nearest known name when there is one.
 * `at` is the pointer of the object that holds them ("/problems/0"; "" for the body itself).
 */
export function unknownKeys(keys: readonly string[], { known, aliases = {} }: BodyKeys, at = ""): Problem {
  const names = known.filter((k) => !Object.hasOwn(aliases, k)); // the book's names: suggested first
  const candidates = [...names, ...known.filter((k) => Object.hasOwn(aliases, k))];
  const quoted = keys.map((k) => `"${k}"`).join(", ");
  return new Problem(422, text("error.unknown-fields", { keys: quoted, known: names.join(", ") }), {
    prefix: at ? `${at}: ` : "",
    errors: keys.map((key) => {
      const near = didYouMean(key, candidates);
      return {
        pointer: `${at}/${token(key)}`,
        message: near ? text("error.unknown-field-near", { key, near }) : text("error.unknown-field", { key }),
      };
    }),
  });
}

/** The keys of `object` that `known` does not list. */
export function keysNotIn(object: object, known: readonly string[]): string[] {
  return Object.keys(object).filter((k) => !known.includes(k));
}

/** Throws the 422 for unknown keys of `body`, or for a field given under two names. */
export function checkKeys(body: object, spec: BodyKeys): void {
  const unknown = keysNotIn(body, spec.known);
  if (unknown.length) throw unknownKeys(unknown, spec);
  for (const [alias, name] of Object.entries(spec.aliases ?? {})) {
    if (Object.hasOwn(body, alias) && Object.hasOwn(body, name)) {
      throw Problem.field(`/${token(alias)}`, text("error.both-names", { alias, name }));
    }
  }
}

/** The name a field was sent under (its alias when the request used that), for error pointers. */
export function sentAs(body: object, name: string, alias: string): string {
  return Object.hasOwn(body, alias) && (body as Record<string, unknown>)[alias] !== undefined ? alias : name;
}
