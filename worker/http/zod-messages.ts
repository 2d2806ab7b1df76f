import { hasKey, isText, type Text, text } from "../../core/i18n";

/**
 * A zod issue as a catalogue message (core/i18n zod.*), so validation errors read in the
 * request's language. zod's own English defaults start "Invalid", "Too small", "Too big" or
 * "Unrecognized"; any other message was written in a schema and is kept as it is.
 */
export interface ZodIssueLike {
  code?: string;
  message: string;
  expected?: unknown;
  origin?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: boolean;
  values?: readonly unknown[];
  format?: unknown;
  pattern?: unknown;
  keys?: readonly string[];
  divisor?: unknown;
  /** A custom issue's catalogue message (worker/http/arrays.ts puts it here). */
  params?: { text?: unknown };
}

const DEFAULT_MESSAGE = /^(Invalid|Too small|Too big|Unrecognized)/;

const typeName = (name: unknown): Text | string => {
  const key = `zod.type.${String(name)}`;
  return hasKey(key) ? { key } : String(name);
};

const bound = (v: unknown): string => (typeof v === "bigint" ? v.toString() : String(v));

export function zodMessage(issue: ZodIssueLike): Text | string {
  if (isText(issue.params?.text)) return issue.params.text;
  if (!DEFAULT_MESSAGE.test(issue.message)) return issue.message;
  switch (issue.code) {
    case "invalid_type": {
      const received = /received (\w+)/.exec(issue.message)?.[1];
      if (received === "undefined") return text("zod.required", { expected: typeName(issue.expected) });
      return text("zod.invalid_type", { expected: typeName(issue.expected), received: typeName(received ?? "?") });
    }
    case "too_small":
    case "too_big": {
      const origin = issue.origin === "string" || issue.origin === "array" ? issue.origin : "number";
      const exclusive = origin === "number" && issue.inclusive === false ? "-exclusive" : "";
      if (issue.code === "too_small")
        return text(`zod.too_small.${origin}${exclusive}` as "zod.too_small.number", { minimum: bound(issue.minimum) });
      return text(`zod.too_big.${origin}${exclusive}` as "zod.too_big.number", { maximum: bound(issue.maximum) });
    }
    case "invalid_value":
      return text("zod.invalid_value", { values: (issue.values ?? []).map((v) => JSON.stringify(v)).join(", ") });
    case "invalid_format":
      return issue.format === "regex"
        ? text("zod.invalid_format.regex", { pattern: String(issue.pattern) })
        : text("zod.invalid_format", { format: String(issue.format) });
    case "unrecognized_keys":
      return text("zod.unrecognized_keys", { keys: (issue.keys ?? []).join(", ") });
    case "not_multiple_of":
      return text("zod.not_multiple_of", { divisor: bound(issue.divisor) });
    case "invalid_union":
      return text("zod.invalid_union");
    default:
      return issue.message;
  }
}
