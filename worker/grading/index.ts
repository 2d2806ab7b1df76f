/**
 * The autograder, mounted at /v1/assignments: assignments, per-student variants, graded
 * submissions recorded in D1, the gradebook. Pure grading lives in core/grading; storage in ./store.ts.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { DLFS_CH04 } from "../../core/grading/dlfs-ch04";
import { total } from "../../core/grading/grade";
import { gradebookCsv } from "../../core/grading/gradebook";
import { toGradescope } from "../../core/grading/gradescope";
import { lateness } from "../../core/grading/policy";
import type { Assignment } from "../../core/grading/types";
import { buildVariant } from "../../core/grading/variant";
import { resource, type Resource } from "../http/resource";
import { requireAdmin } from "../http/auth";
import { jsonBody } from "../http/body";
import { jsonResponse, problem } from "../http/openapi";
import { Problem } from "../http/problem";
import { LIMITS } from "../http/limits";
import { gradeSubmission } from "./grader";
import { AssignmentSchema, checkAssignment, ID, STUDENT } from "./schema";
import { requireSecret, variantSeeds } from "./seed";
import { requireSubmitter, studentToken } from "./student-token";
import { attemptRows, attemptState, BUILT_IN, getAssignment, listAssignments, DEFAULT_LIMITS, putAssignment, recordSubmission } from "./store";
import { readSubmission, SUBMISSION_LIMITS } from "./submission";

const IdParam = z.object({ id: z.string().openapi({ example: "dlfs-ch04", description: "Assignment id" }) });
const Any = z.record(z.string(), z.unknown());

async function assignmentOr404(db: D1Database, id: string): Promise<Assignment> {
  const a = ID.test(id) ? await getAssignment(db, id) : null;
  if (!a) throw new Problem(404, `no assignment "${id}"`, { errors: [{ pointer: "/id", message: "unknown assignment; GET /v1/assignments lists them" }] });
  return a;
}

function checkStudent(student: string | undefined): string {
  if (!student || !STUDENT.test(student)) {
    throw Problem.field("student", "required: ?student=<your id>, 1-128 letters, digits and . _ @ + - (starting with a letter or digit)");
  }
  return student;
}

function rateLimited(detail: string, retryAfter: number | null, extra: Record<string, unknown>): Problem {
  return new Problem(429, detail, {
    errors: [{ pointer: "/student", message: detail }],
    headers: retryAfter === null ? {} : { "Retry-After": String(retryAfter) },
    extra,
  });
}

const TOKEN_LIMIT = 1000;
const EXAMPLE_SUBMISSION = { student: "alice", answers: { mse: 0.0975, softmax: [[0.99, 0.01], [0.5, 0.5]] } };

function registerAssignments(app: Resource): void {

  app.openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["Grading"],
      summary: "The assignments: the built-in dlfs-ch04 and those added by admins",
      responses: { 200: jsonResponse(z.object({ assignments: z.array(Any) }), "Ids, titles and problem counts") },
    }),
    async (c) => c.json({ assignments: await listAssignments(c.env.DB) }, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags: ["Grading"],
      summary: "An assignment document: problems, points, tolerances, visibility, due date, limits",
      request: { params: IdParam },
      responses: { 200: jsonResponse(AssignmentSchema, "The document (generator parameters, never inputs or answers)"), 404: problem("Unknown assignment") },
    }),
    async (c) => c.json(await assignmentOr404(c.env.DB, c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/{id}",
      tags: ["Grading"],
      summary: "Create or replace an assignment (admin)",
      description:
        "Problems have a kind (mse, cross_entropy, softmax, numerical_diff, numerical_gradient, gradient_descent, simple_net, " +
        "model_accuracy), points, rtol/atol (defaults as numpy.isclose: 1e-5, 1e-8, tighter for the derivative kinds), " +
        "partial credit, visibility (visible, hidden, after_due_date) and generator params. The built-in dlfs-ch04 cannot be replaced. " +
        "Needs Authorization: Bearer <ADMIN_TOKEN>.",
      security: [{ bearer: [] }],
      // The admin check comes before the body is read: an anonymous PUT is a 401, not a parse error.
      middleware: [requireAdmin, jsonBody({ maxBytes: LIMITS.maxJsonBytes })] as const,
      request: { params: IdParam, body: { required: true, content: { "application/json": { schema: AssignmentSchema, example: { ...DLFS_CH04, id: "ch04-quiz" } } } } },
      responses: {
        200: jsonResponse(AssignmentSchema, "Replaced"),
        201: jsonResponse(AssignmentSchema, "Created"),
        400: problem("Malformed JSON"),
        401: problem("Missing or wrong bearer token"),
        403: problem("Writes are disabled (no ADMIN_TOKEN configured)"),
        409: problem("The built-in assignment cannot be replaced"),
        422: problem("Invalid document; errors[].pointer names the field"),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      if (!ID.test(id)) throw Problem.field("/id", "1-64 letters, digits, '.', '_' or '-'");
      if (BUILT_IN.has(id)) throw new Problem(409, `"${id}" is built in and cannot be replaced; PUT a copy under another id`, { errors: [{ pointer: "/id", message: "built-in assignment" }] });
      const body = c.req.valid("json");
      if (body.id !== undefined && body.id !== id) throw Problem.field("/id", `the document's id "${body.id}" differs from the path's "${id}"`);
      const a = { ...body, id } as Assignment;
      checkAssignment(a);
      const replaced = await putAssignment(c.env.DB, a);
      return c.json(a, replaced ? 200 : 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}/variant",
      tags: ["Grading"],
      summary: "A student's variant: each problem's statement and inputs",
      description:
        "Inputs are derived from HMAC-SHA256(GRADING_SECRET, assignment, student, problem): the same for a student every time, " +
        "different between students, unguessable without the secret. Answer shapes and tolerances are included; answers are not.",
      request: { params: IdParam, query: z.object({ student: z.string().openapi({ example: "alice" }) }) },
      responses: { 200: jsonResponse(Any, "{assignment, student, problems: [{id, kind, title, points, statement, inputs, answer_shape, rtol, atol, partial, visibility}]}"), 404: problem("Unknown assignment"), 422: problem("Missing or invalid student"), 503: problem("No GRADING_SECRET configured") },
    }),
    async (c) => {
      const a = await assignmentOr404(c.env.DB, c.req.valid("param").id);
      const student = checkStudent(c.req.valid("query").student);
      const seeds = await variantSeeds(requireSecret(c.env.GRADING_SECRET), a.id, student, a.problems.map((p) => p.id));
      return c.json(buildVariant(a, student, seeds), 200, { "cache-control": "private, no-store" });
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/{id}/submissions",
      tags: ["Grading"],
      summary: "Grade a submission (and record it)",
      description:
        "Grades every problem against the student's variant: shape check, numpy.isclose tolerance, NaN/inf, partial credit " +
        "for arrays where allowed, and feedback that names the classic mistake an answer matches without revealing the " +
        "expected value (expected values appear only for wrong answers to visible problems, after the due date unless the " +
        "assignment's reveal_expected says otherwise). Assignments with submissions: \"token\" need the student's " +
        "X-Student-Token header (or the admin bearer token). Body: JSON " +
        '{"student", "answers": {problem id: number or nested list}} (numpy tolist(); NaN/Infinity as json.dumps writes them), ' +
        `at most ${SUBMISSION_LIMITS.maxJsonBytes} bytes; or multipart/form-data with that JSON in the field "submission" and ` +
        `one .npz file per model_accuracy problem in a field named by its id (fields "arch"/"activation" describe the network), ` +
        `at most ${SUBMISSION_LIMITS.maxMultipartBytes} bytes. ?format=gradescope answers with Gradescope's results.json. ` +
        "Each graded submission is recorded with its attempt number; limits per student (minimum interval, maximum attempts) " +
        "answer 429 with Retry-After. A malformed submission (4xx other than 429) costs no attempt.",
      request: {
        params: IdParam,
        query: z.object({ format: z.enum(["json", "gradescope"]).optional().openapi({ example: "json" }) }),
        body: {
          required: true,
          content: {
            "application/json": { schema: { type: "object", properties: { student: { type: "string" }, answers: { type: "object" } } }, example: EXAMPLE_SUBMISSION },
            "multipart/form-data": {
              schema: { type: "object", properties: { submission: { type: "string" }, model: { type: "string", format: "binary" }, activation: { type: "string" } } },
            },
          },
        },
      },
      responses: {
        201: jsonResponse(Any, "{assignment, student, attempt, submitted_at, late, score, max_score, problems: [...]} or Gradescope's results.json"),
        400: problem("Malformed JSON or multipart body"),
        401: problem("The assignment needs the student's token (X-Student-Token) and it is missing or wrong"),
        404: problem("Unknown assignment"),
        413: problem("Body larger than the cap"),
        415: problem("Not JSON or multipart"),
        422: problem("Invalid student, unknown problem id, non-numeric or ragged answer, invalid .npz, or late submissions rejected"),
        429: problem("Too many submissions: Retry-After says when the next is allowed"),
        503: problem("No GRADING_SECRET, or no held-out digits for model problems"),
      },
    }),
    async (c) => {
      const a = await assignmentOr404(c.env.DB, c.req.valid("param").id);
      const format = c.req.valid("query").format ?? "json";
      const sub = await readSubmission(c.req.raw, a, (student) => requireSubmitter(c.req.raw, a, student, c.env));
      const now = Date.now();
      const limits = a.limits ?? DEFAULT_LIMITS;
      const limited = (state: { count: number; lastMs: number }) => {
        if (state.count >= limits.max_attempts) {
          return rateLimited(`attempt limit reached: ${limits.max_attempts} graded submissions per student`, null, { limit: limits.max_attempts, attempts: state.count });
        }
        const wait = Math.ceil((state.lastMs + limits.min_interval_seconds * 1000 - Date.now()) / 1000);
        return rateLimited(`too soon: at least ${limits.min_interval_seconds} s between graded submissions; retry in ${Math.max(wait, 1)} s`, Math.max(wait, 1), { interval: limits.min_interval_seconds });
      };
      if (lateness(a, now).rejected) {
        throw Problem.field("", `the due date ${a.due} has passed and this assignment does not accept late submissions (no attempt was used)`);
      }
      const before = await attemptState(c.env.DB, a.id, sub.student);
      if (before.count >= limits.max_attempts || before.lastMs > now - limits.min_interval_seconds * 1000) throw limited(before);
      const { results, late } = await gradeSubmission(c.env, a, sub, now);
      const sum = total(results);
      const stored = Object.fromEntries(results.map((r) => [r.id, { score: r.score, max_score: r.max_score, status: r.status, ...(r.diagnosis ? { diagnosis: r.diagnosis.id } : {}) }]));
      const attempt = await recordSubmission(c.env.DB, { assignment: a.id, student: sub.student, nowMs: now, score: sum.score, maxScore: sum.max_score, problems: stored }, limits);
      if (attempt === null) throw limited(await attemptState(c.env.DB, a.id, sub.student));
      const submittedAt = new Date(now).toISOString();
      if (format === "gradescope") {
        const header = `edgegrad: ${a.title}. Student ${sub.student}, attempt ${attempt}${late.late ? `, ${late.days} day(s) late (scores x ${late.factor})` : ""}.`;
        return c.json(toGradescope(results, header), 201);
      }
      return c.json({ assignment: a.id, student: sub.student, attempt, submitted_at: submittedAt, late, ...sum, problems: results }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}/tokens.csv",
      tags: ["Grading"],
      summary: "Students' submission tokens as CSV (admin)",
      description: `For assignments with submissions: "token": each listed student's X-Student-Token (derived from GRADING_SECRET; stable). ?students= takes up to ${TOKEN_LIMIT} comma-separated ids.`,
      security: [{ bearer: [] }],
      middleware: [requireAdmin] as const,
      request: { params: IdParam, query: z.object({ students: z.string().openapi({ example: "alice,bob" }) }) },
      responses: {
        200: { description: "text/csv", content: { "text/csv": { schema: { type: "string" }, example: "student,token\r\nalice,3q2-7wAAAAAAAAAAAAAAAA\r\n" } } },
        401: problem("Missing or wrong bearer token"),
        403: problem("Writes are disabled (no ADMIN_TOKEN configured)"),
        404: problem("Unknown assignment"),
        422: problem("A student id is invalid, or too many"),
      },
    }),
    async (c) => {
      const a = await assignmentOr404(c.env.DB, c.req.valid("param").id);
      const students = c.req.valid("query").students.split(",").map((s) => s.trim()).filter(Boolean);
      if (students.length === 0 || students.length > TOKEN_LIMIT) throw Problem.field("/students", `list 1 to ${TOKEN_LIMIT} student ids, comma-separated`);
      const secret = requireSecret(c.env.GRADING_SECRET);
      const rows = await Promise.all(students.map(async (s) => `${checkStudent(s)},${await studentToken(secret, a.id, s)}`));
      return c.body(["student,token", ...rows, ""].join("\r\n"), 200, { "content-type": "text/csv; charset=utf-8", "cache-control": "private, no-store" });
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}/gradebook.csv",
      tags: ["Grading"],
      summary: "The gradebook as CSV (admin)",
      description: "One row per student, one column per problem, from the best or latest attempt per the assignment's policy; also total, max_score, the attempt shown, the number of attempts and when it was submitted.",
      security: [{ bearer: [] }],
      middleware: [requireAdmin] as const,
      request: { params: IdParam },
      responses: {
        200: { description: "text/csv", content: { "text/csv": { schema: { type: "string" }, example: "student,mse,total,max_score,attempt,attempts,submitted_at\r\nalice,1,1,1,1,1,2026-01-01T00:00:00.000Z\r\n" } } },
        401: problem("Missing or wrong bearer token"),
        403: problem("Writes are disabled (no ADMIN_TOKEN configured)"),
        404: problem("Unknown assignment"),
      },
    }),
    async (c) => {
      const a = await assignmentOr404(c.env.DB, c.req.valid("param").id);
      const csv = gradebookCsv(a.problems.map((p) => p.id), await attemptRows(c.env.DB, a.id), a.policy ?? "best");
      return c.body(csv, 200, { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${a.id}-gradebook.csv"` });
    },
  );
}

/** The grading routes, mounted at /v1/assignments. */
export const grading = resource();
registerAssignments(grading);
