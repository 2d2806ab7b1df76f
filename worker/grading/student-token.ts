import type { Assignment } from "../../core/grading/types";
import { text } from "../../core/i18n";
import { constantTimeEqual } from "../http/auth";
import { type Message, Problem } from "../http/problem";

/**
 * Tokens of a course, all derived from GRADING_SECRET (nothing to store, stable):
 *   student token  "st_" + base64url(HMAC(secret, "submit" \0 assignment \0 student)[0:16]):
 *                  one student's own credential (X-Student-Token), from the admin's tokens.csv;
 *   grader token   "gt_" + base64url(HMAC(secret, "grader" \0 assignment)[0:16]): the course
 *                  platform's grader (Gradescope's run_autograder, a PrairieLearn external
 *                  grader) for this one assignment (Authorization: Bearer), from
 *                  GET /v1/assignments/:id/grader-token. It may submit for any student of the
 *                  assignment, pass the platform's submission time and id, and fetch the
 *                  grader-only variant; it opens nothing else.
 * The prefixes keep a spreadsheet from reading a token that starts with "-" or "=" as a formula.
 */
async function mac16(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(message)));
  let bin = "";
  for (const b of mac.subarray(0, 16)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function studentToken(secret: string, assignment: string, student: string): Promise<string> {
  return "st_" + (await mac16(secret, `submit\0${assignment}\0${student}`));
}

export async function graderToken(secret: string, assignment: string): Promise<string> {
  return "gt_" + (await mac16(secret, `grader\0${assignment}`));
}

/** Who is calling, as far as one assignment is concerned. */
export type Caller = "admin" | "grader" | "anonymous";

type Secrets = { ADMIN_TOKEN?: string; GRADING_SECRET?: string };

const bearerOf = (req: Request): string | undefined =>
  /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.headers.get("authorization") ?? "")?.[1];

const unauthorized = (detail: Message, pointer: string, message: Message) =>
  new Problem(401, detail, {
    errors: [{ pointer, message }],
    headers: { "WWW-Authenticate": 'Bearer realm="edgegrad"' },
  });

/** The admin, this assignment's grader, or anyone; a bearer token that is neither is a 401. */
export async function callerOf(req: Request, assignment: string, env: Secrets): Promise<Caller> {
  const bearer = bearerOf(req);
  if (!bearer) return "anonymous";
  if (env.ADMIN_TOKEN && (await constantTimeEqual(bearer, env.ADMIN_TOKEN))) return "admin";
  if (env.GRADING_SECRET && (await constantTimeEqual(bearer, await graderToken(env.GRADING_SECRET, assignment))))
    return "grader";
  throw unauthorized(text("grading.token-neither", { id: assignment }), "", text("error.auth-invalid"));
}

/** True when the request carries this student's own token. */
export async function hasStudentToken(req: Request, a: Assignment, student: string, env: Secrets): Promise<boolean> {
  const given = req.headers.get("x-student-token");
  return (
    !!given &&
    !!env.GRADING_SECRET &&
    (await constantTimeEqual(given, await studentToken(env.GRADING_SECRET, a.id, student)))
  );
}

/** Throws 401 unless the caller may submit for `student` (no attempt is used). */
export async function requireSubmitter(
  req: Request,
  a: Assignment,
  student: string,
  caller: Caller,
  env: Secrets,
): Promise<void> {
  if (caller !== "anonymous") return;
  if (a.mode === "code") {
    throw unauthorized(text("grading.code-mode-student", { id: a.id }), "", text("grading.code-mode-student-field"));
  }
  if ((a.submissions ?? "open") === "open") return;
  if (await hasStudentToken(req, a, student, env)) return;
  const given = req.headers.get("x-student-token");
  throw new Problem(401, text("error.student-token", { assignment: a.id }), {
    errors: [
      { pointer: "/student", message: given ? text("error.student-token-wrong") : text("error.student-token-missing") },
    ],
    headers: { "WWW-Authenticate": 'Bearer realm="edgegrad"' },
  });
}
