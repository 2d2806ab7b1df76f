import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { text, textOf } from "../../core/i18n";
import { Conflict, Corrupt, Invalid, NotFound } from "../storage/errors";
import { requestLang } from "./lang";
import { Problem, pointer } from "./problem";
import { type ZodIssueLike, zodMessage } from "./zod-messages";

/** zod issues (from @hono/zod-openapi's validator) as one 422 naming every bad field, in the request's language. */
export function validationProblem(
  issues: readonly (ZodIssueLike & { path: readonly PropertyKey[] })[],
  where = "",
): Problem {
  const errors = issues.slice(0, 20).map((i) => ({ pointer: where + pointer(i.path), message: zodMessage(i) }));
  const first = errors[0];
  return first
    ? new Problem(422, first.message, { errors, prefix: `${first.pointer || "body"}: ` })
    : new Problem(422, text("error.bad-request"), { errors });
}

/**
 * The one place errors become responses (hono's `app.onError`). Problems are already shaped;
 * the stores' domain errors get their status (Invalid 422, NotFound 404, Conflict 409, Corrupt
 * 500); Hono's HTTPExceptions keep their status; core's RangeErrors are input errors (422), since
 * core throws them only for shapes and values it was given, in the reader's language when they
 * carry a catalogue text (core/i18n rangeError) (a TypeError is more likely a bug and stays a
 * 500); anything else is a 500 without a stack trace.
 */
export function toProblem(err: unknown): Problem {
  if (err instanceof Problem) return err;
  if (err instanceof Invalid) return Problem.field(err.pointer, err.text ?? err.message);
  if (err instanceof NotFound)
    return new Problem(404, err.message, { errors: [{ pointer: err.pointer, message: err.hint }] });
  if (err instanceof Conflict)
    return new Problem(409, err.message, { errors: [{ pointer: err.pointer, message: err.message }] });
  if (err instanceof Corrupt) {
    return new Problem(500, err.message, {
      errors: [{ pointer: "", message: text("error.corrupt-field") }],
      extra: { corrupt: true },
    });
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    return new Problem(status, err.message || text("error.request-failed"));
  }
  if (err instanceof RangeError) {
    const message = textOf(err) ?? err.message;
    return new Problem(422, message, { errors: [{ pointer: "", message }] });
  }
  return new Problem(500, text("error.internal"));
}

export function onError(err: unknown, c: Context): Response {
  const problem = toProblem(err);
  if (problem.status >= 500 && !(err instanceof Corrupt))
    console.error("unhandled error", c.req.method, c.req.path, (err as Error)?.message);
  return problem.toResponse(c.get("lang") ?? requestLang(c.req));
}
