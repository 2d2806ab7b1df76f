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

/** Numbers in answers: finite numbers, or the strings "Infinity", "-Infinity", "NaN". */
export const JsonNumber = z.union([z.number(), z.enum(["Infinity", "-Infinity", "NaN"])]);
export const JsonArray = z.any().openapi({ description: "Nested list of numbers, as numpy's tolist()" });
