import { z } from "@hono/zod-openapi";

/** The problem+json schema (RFC 9457) every error response shares. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ pointer: z.string(), message: z.string() })),
  })
  .openapi("Problem");

/** An error response in the document: problem+json with the shared schema. */
export const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

/**
 * The one 4xx a route without parameters or body can get: Cloudflare answers 414 for a URL over
 * 32 KB before the Worker runs (so without problem+json).
 */
export const uriTooLong = {
  414: { description: "URI Too Long: Cloudflare refuses URLs over 32 KB before the Worker runs" },
};

/** An operation's `security`: any one of these schemes (`[{student: []}, {bearer: []}]`). */
export const eitherScheme = (...schemes: string[]): Record<string, string[]>[] => schemes.map((s) => ({ [s]: [] }));

/** An operation's `security` when it is open to anyone and some schemes unlock more: `[{}, {bearer: []}]`. */
export const anyoneOr = (...schemes: string[]): Record<string, string[]>[] => [{}, ...eitherScheme(...schemes)];

/** Error responses common to the JSON compute routes. */
export const computeErrors = {
  400: problem("Malformed JSON"),
  413: problem("Body larger than the cap"),
  415: problem("Content-Type is not application/json"),
  422: problem("Well-formed but invalid: the field is named in errors[].pointer"),
};

export function jsonRequest<T extends z.ZodType>(schema: T, example: unknown) {
  return {
    body: {
      required: true,
      content: { "application/json": { schema, example } },
    },
  };
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/**
 * Every /v1 operation answers in the language the request asks for (worker/http/lang.ts): the
 * `lang` query parameter and the Accept-Language header are documented once as components and
 * referenced from each operation, and Content-Language on each response says which it was.
 */
export const LANGUAGE_PARAMETERS = {
  lang: {
    name: "lang",
    in: "query",
    required: false,
    description:
      "Language of every message a learner reads (feedback, diagnoses, problem statements, verdicts, problem+json detail and " +
      "errors[].message): en or ko. Wins over Accept-Language; without either, English.",
    schema: { type: "string", enum: ["en", "ko"] },
    example: "ko",
  },
  "Accept-Language": {
    name: "Accept-Language",
    in: "header",
    required: false,
    description:
      "Used when there is no ?lang=: the supported language (en, ko; ko-KR counts as ko) with the highest q.",
    schema: { type: "string" },
    example: "ko-KR,ko;q=0.9,en;q=0.8",
  },
} as const;

type OpenApiDoc = {
  paths?: Record<
    string,
    Record<string, { parameters?: unknown[]; responses?: Record<string, { headers?: Record<string, unknown> }> }>
  >;
  components?: Record<string, any>;
};

/** Adds the language parameters (and the Content-Language response header) to every /v1 operation of `doc`. */
export function documentLanguage<D extends OpenApiDoc>(doc: D): D {
  doc.components ??= {};
  doc.components.parameters = { ...(doc.components.parameters ?? {}), ...LANGUAGE_PARAMETERS };
  doc.components.headers = {
    ...(doc.components.headers ?? {}),
    "Content-Language": {
      description: "The language the response's messages are written in: en or ko.",
      schema: { type: "string", enum: ["en", "ko"] },
    },
  };
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (!path.startsWith("/v1/")) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!["get", "post", "put", "delete", "patch"].includes(method)) continue;
      const refs = Object.keys(LANGUAGE_PARAMETERS).map((name) => ({ $ref: `#/components/parameters/${name}` }));
      op.parameters = [...(op.parameters ?? []), ...refs];
      for (const response of Object.values(op.responses ?? {})) {
        response.headers = {
          ...(response.headers ?? {}),
          "Content-Language": { $ref: "#/components/headers/Content-Language" },
        };
      }
    }
  }
  return doc;
}

/** Numbers in answers: finite numbers, or the strings "Infinity", "-Infinity", "NaN". */
export const JsonNumber = z.union([z.number(), z.enum(["Infinity", "-Infinity", "NaN"])]);
export const JsonArray = z.any().openapi({ description: "Nested list of numbers, as numpy's tolist()" });
