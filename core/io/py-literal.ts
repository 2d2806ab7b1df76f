/**
 * A parser for the small subset of Python literals that .npy headers use: dicts, tuples, lists,
 * quoted strings, integers, True/False/None. No evaluation; anything else is an error.
 */
export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

export function parsePyLiteral(text: string): PyValue {
  let i = 0;
  const skip = (): void => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const fail = (what: string): never => {
    throw new Error(`${what} at position ${i}`);
  };
  const sequence = (close: string): PyValue[] => {
    const items: PyValue[] = [];
    for (;;) {
      skip();
      if (text[i] === close) {
        i++;
        return items;
      }
      items.push(value());
      skip();
      if (text[i] === ",") i++;
      else if (text[i] !== close) fail(`expected ',' or '${close}'`);
    }
  };
  const value = (): PyValue => {
    skip();
    const ch = text[i];
    if (ch === "{") {
      i++;
      // No prototype: a key such as "__proto__" is an ordinary key, found by `in` only if present.
      const out: Record<string, PyValue> = Object.create(null);
      for (;;) {
        skip();
        if (text[i] === "}") {
          i++;
          return out;
        }
        const key = value();
        if (typeof key !== "string") fail("dict keys must be strings");
        skip();
        if (text[i] !== ":") fail("expected ':'");
        i++;
        out[key as string] = value();
        skip();
        if (text[i] === ",") i++;
        else if (text[i] !== "}") fail("expected ',' or '}'");
      }
    }
    if (ch === "(") {
      i++;
      return sequence(")");
    }
    if (ch === "[") {
      i++;
      return sequence("]");
    }
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) fail("unterminated string");
      const s = text.slice(i + 1, end);
      if (s.includes("\\")) fail("escapes are not supported");
      i = end + 1;
      return s;
    }
    const m = /^(-?\d+|True|False|None)/.exec(text.slice(i, i + 32));
    if (!m) return fail("unexpected character");
    i += m[0].length;
    if (m[0] === "True") return true;
    if (m[0] === "False") return false;
    if (m[0] === "None") return null;
    // numpy may write 3L on Python 2-era files
    if (text[i] === "L") i++;
    return Number(m[0]);
  };
  const result = value();
  skip();
  if (i !== text.length) fail("trailing characters");
  return result;
}
