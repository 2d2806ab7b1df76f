import type { Assignment } from "../../core/grading/types";
import { constantTimeEqual } from "../http/auth";
import { Problem } from "../http/problem";
import { text } from "../../core/i18n";

/**
 * Student tokens for assignments with `submissions: "token"`: "st_" and the base64url of the
 * first 16 bytes of HMAC-SHA256(GRADING_SECRET, "submit" \0 assignment \0 student) (the prefix
 * keeps a spreadsheet from reading a token that starts with "-" or "=" as a formula). The instructor hands each
 * student theirs (GET /v1/assignments/:id/tokens.csv) or lets the course's autograder submit
 * with the admin token; without one nobody can spend another student's attempts.
 */
export async function studentToken(secret: string, assignment: string, student: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`submit\0${assignment}\0${student}`)));
  let bin = "";
  for (const b of mac.subarray(0, 16)) bin += String.fromCharCode(b);
  return "st_" + btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Throws 401 unless the request may submit for `student` (admin bearer or the student's token). */
export async function requireSubmitter(req: Request, a: Assignment, student: string, env: { ADMIN_TOKEN?: string; GRADING_SECRET?: string }): Promise<void> {
  if ((a.submissions ?? "open") === "open") return;
  const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.headers.get("authorization") ?? "")?.[1];
  if (bearer && env.ADMIN_TOKEN && (await constantTimeEqual(bearer, env.ADMIN_TOKEN))) return;
  const given = req.headers.get("x-student-token");
  if (given && env.GRADING_SECRET && (await constantTimeEqual(given, await studentToken(env.GRADING_SECRET, a.id, student)))) return;
  throw new Problem(401, text("error.student-token", { assignment: a.id }), {
    errors: [{ pointer: "/student", message: given ? text("error.student-token-wrong") : text("error.student-token-missing") }],
    headers: { "WWW-Authenticate": 'Bearer realm="edgegrad"' },
  });
}
