/**
 * Running a course: the grader token and the grader-only variant, a student's own history,
 * per-student extensions, attempt resets, regrades of stored submissions and deleting an
 * assignment. The submission route itself is in routes/assignments.ts.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { buildVariant } from "../../core/grading/variant";
import { text } from "../../core/i18n";
import { requireAdmin } from "../http/auth";
import { jsonBody } from "../http/body";
import { eitherScheme, problem } from "../http/openapi";
import { Problem } from "../http/problem";
import type { Resource } from "../http/resource";
import { assignmentOr404, checkStudent } from "./lookup";
import { requireSecret, variantSeeds } from "./seed";
import { history, REGRADE_PAGE, regradeStored } from "./service";
import { BUILT_IN, deleteAssignment, deleteExtension, listExtensions, putExtension, resetAttempts } from "./store";
import { callerOf, graderToken, hasStudentToken } from "./student-token";

const json = (description: string) => ({
  description,
  content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
});
const IdParam = z.object({ id: z.string().openapi({ example: "dlfs-ch04", description: "Assignment id" }) });
const StudentParams = IdParam.extend({
  student: z.string().openapi({ example: "alice", description: "Student id (normalised: NFC, trimmed, lower case)" }),
});
const adminErrors = {
  401: problem("Missing or wrong bearer token"),
  403: problem("Writes are disabled (no ADMIN_TOKEN configured)"),
  404: problem("Unknown assignment"),
};

/** The grader token's scheme in the OpenAPI document (admin routes use "bearer"). */
export const GRADER_SCHEME = {
  type: "http",
  scheme: "bearer",
  description:
    "Authorization: Bearer <grader token> (GET /v1/assignments/{id}/grader-token): the course platform's grader, for one assignment",
} as const;

/** A student's own token (from the admin's tokens.csv), for assignments with submissions: "token". */
export const STUDENT_SCHEME = {
  type: "apiKey",
  in: "header",
  name: "X-Student-Token",
  description:
    "X-Student-Token: <the student's token> (from GET /v1/assignments/{id}/tokens.csv), for one student of one assignment",
} as const;

export function registerCourse(app: Resource): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "grader", GRADER_SCHEME);
  app.openAPIRegistry.registerComponent("securitySchemes", "student", STUDENT_SCHEME);
  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}/grader-token",
      operationId: "getGraderToken",
      tags: ["Grading"],
      summary: "The grader token of an assignment (admin)",
      description:
        "For the course platform's grader (Gradescope's run_autograder, a PrairieLearn external grader): Authorization: Bearer <token> " +
        "submits for any student of this one assignment, with the platform's submission time and id, and reads the grader-only " +
        "variant. It opens nothing else. Derived from GRADING_SECRET: stable, nothing stored.",
      security: [{ bearer: [] }],
      middleware: [requireAdmin] as const,
      request: { params: IdParam },
      responses: { 200: json("{assignment, token}"), ...adminErrors },
    }),
    async (c) => {
      const a = await assignmentOr404(c.env.DB, c.req.valid("param").id);
      const token = await graderToken(requireSecret(c.env.GRADING_SECRET), a.id);
      return c.json({ assignment: a.id, token }, 200, { "cache-control": "private, no-store" });
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}/grader-variant",
      operationId: "getGraderVariant",
      tags: ["Grading"],
      summary: "A student's grader-only variant (grader token)",
      description:
        "The inputs on which a code-graded assignment runs the student's own functions inside the course's grader: derived like the " +
        "student's variant but under another label, so neither the student nor the compute routes can have answered them in advance.",
      security: [{ grader: [] }],
      request: { params: IdParam, query: z.object({ student: z.string().openapi({ example: "alice" }) }) },
      responses: {
        200: json("The variant, as GET .../variant returns it"),
        401: problem("Not the grader token of this assignment (or the admin token)"),
        404: problem("Unknown assignment"),
        422: problem("Invalid student"),
      },
    }),
    async (c) => {
      const a = await assignmentOr404(c.env.DB, c.req.valid("param").id);
      if ((await callerOf(c.req.raw, a.id, c.env)) === "anonymous") {
        throw new Problem(401, text("grading.grader-token", { id: a.id }), {
          errors: [{ pointer: "", message: text("grading.grader-token-field") }],
          headers: { "WWW-Authenticate": 'Bearer realm="edgegrad"' },
        });
      }
      const student = checkStudent(c.req.valid("query").student);
      const seeds = await variantSeeds(
        requireSecret(c.env.GRADING_SECRET),
        a.id,
        student,
        a.problems.map((p: { id: string }) => p.id),
        "grader",
      );
      return c.json(buildVariant(a, student, seeds) as unknown as Record<string, unknown>, 200, {
        "cache-control": "private, no-store",
      });
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}/submissions",
      operationId: "listSubmissions",
      security: eitherScheme("student", "grader", "bearer"),
      tags: ["Grading"],
      summary: "A student's own submission history",
      description:
        "Every recorded attempt of ?student=: when, score, lateness (days, factor), whether it counts (made before the assignment " +
        "closed for the student) or was voided by a reset, and per problem score, status and diagnosis. Needs the student's " +
        "X-Student-Token (from the admin's tokens.csv), or the admin or grader token. Students see withheld results as withheld.",
      request: { params: IdParam, query: z.object({ student: z.string().openapi({ example: "alice" }) }) },
      responses: {
        200: json("{assignment, student, deadline: {due, closes}, attempts: [...]}"),
        401: problem("Not this student's token"),
        404: problem("Unknown assignment"),
        422: problem("Invalid student"),
      },
    }),
    async (c) => {
      const a = await assignmentOr404(c.env.DB, c.req.valid("param").id);
      const student = checkStudent(c.req.valid("query").student);
      const caller = await callerOf(c.req.raw, a.id, c.env);
      if (caller === "anonymous" && !(await hasStudentToken(c.req.raw, a, student, c.env))) {
        throw new Problem(401, text("grading.history-token"), {
          errors: [
            {
              pointer: "/student",
              message: c.req.header("x-student-token")
                ? text("error.student-token-wrong")
                : text("error.student-token-missing"),
            },
          ],
          headers: { "WWW-Authenticate": 'Bearer realm="edgegrad"' },
        });
      }
      return c.json(await history(c.env, a, student, caller), 200, { "cache-control": "private, no-store" });
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}/extensions",
      operationId: "listExtensions",
      tags: ["Grading"],
      summary: "Per-student extensions (admin)",
      security: [{ bearer: [] }],
      middleware: [requireAdmin] as const,
      request: { params: IdParam },
      responses: { 200: json("{assignment, extensions: [{student, due}]}"), ...adminErrors },
    }),
    async (c) => {
      const a = await assignmentOr404(c.env.DB, c.req.valid("param").id);
      return c.json({ assignment: a.id, extensions: await listExtensions(c.env.DB, a.id) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/{id}/extensions/{student}",
      operationId: "putExtension",
      tags: ["Grading"],
      summary: "Extend one student's due date (admin)",
      description:
        "The student's due date becomes `due`; the late due date (late.until) moves by the same amount. Until the assignment closes " +
        "for them they see no expected values and their submissions count.",
      security: [{ bearer: [] }],
      middleware: [requireAdmin, jsonBody({ maxBytes: 4096 })] as const,
      request: {
        params: StudentParams,
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({ due: z.iso.datetime({ offset: true }) }).strict(),
              example: { due: "2026-03-08T23:59:00+09:00" },
            },
          },
        },
      },
      responses: { 200: json("{assignment, student, due}"), ...adminErrors, 422: problem("Invalid student or date") },
    }),
    async (c) => {
      const a = await assignmentOr404(c.env.DB, c.req.valid("param").id);
      const student = checkStudent(c.req.valid("param").student);
      const { due } = c.req.valid("json");
      await putExtension(c.env.DB, a.id, student, due);
      return c.json({ assignment: a.id, student, due }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/{id}/extensions/{student}",
      operationId: "deleteExtension",
      tags: ["Grading"],
      summary: "Remove a student's extension (admin)",
      security: [{ bearer: [] }],
      middleware: [requireAdmin] as const,
      request: { params: StudentParams },
      responses: { 204: { description: "Removed" }, ...adminErrors },
    }),
    async (c) => {
      const a = await assignmentOr404(c.env.DB, c.req.valid("param").id);
      const student = checkStudent(c.req.valid("param").student);
      if (!(await deleteExtension(c.env.DB, a.id, student)))
        throw new Problem(404, text("grading.no-extension", { student, id: a.id }), {
          errors: [{ pointer: "/student", message: text("grading.no-extension-field") }],
        });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/{id}/students/{student}/reset",
      operationId: "resetAttempts",
      tags: ["Grading"],
      summary: "Reset a student's attempts (admin)",
      description:
        "Voids the student's attempts so far: they stay in the history but no longer count toward the attempt limit or the gradebook.",
      security: [{ bearer: [] }],
      middleware: [requireAdmin] as const,
      request: { params: StudentParams },
      responses: { 200: json("{assignment, student, voided}"), ...adminErrors },
    }),
    async (c) => {
      const a = await assignmentOr404(c.env.DB, c.req.valid("param").id);
      const student = checkStudent(c.req.valid("param").student);
      return c.json({ assignment: a.id, student, voided: await resetAttempts(c.env.DB, a.id, student) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/{id}/regrade",
      operationId: "regrade",
      tags: ["Grading"],
      summary: "Re-grade stored submissions under the assignment as it is now (admin)",
      description:
        `After changing an assignment (tolerances, points, thresholds, due date) or granting extensions: every recorded submission ` +
        `(or ?student='s) is graded again from its stored answers, in place: attempt numbers and submission times stay, no attempt ` +
        `is spent, lateness is measured from the original submission time. Model problems keep their measured accuracy. ` +
        `${REGRADE_PAGE} submissions per call; pass ?after=<next> to continue.`,
      security: [{ bearer: [] }],
      middleware: [requireAdmin] as const,
      request: {
        params: IdParam,
        query: z.object({ student: z.string().optional(), after: z.coerce.number().int().min(0).optional() }),
      },
      responses: { 200: json("{assignment, regraded, skipped, next}"), ...adminErrors },
    }),
    async (c) => {
      const a = await assignmentOr404(c.env.DB, c.req.valid("param").id);
      const q = c.req.valid("query");
      const student = q.student === undefined ? null : checkStudent(q.student);
      return c.json(await regradeStored(c.env, a, student, q.after ?? 0), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      operationId: "deleteAssignment",
      tags: ["Grading"],
      summary: "Delete an assignment with its submissions and extensions (admin)",
      security: [{ bearer: [] }],
      middleware: [requireAdmin] as const,
      request: { params: IdParam },
      responses: {
        204: { description: "Deleted" },
        ...adminErrors,
        409: problem("The built-in assignment cannot be deleted"),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      if (BUILT_IN.has(id))
        throw new Problem(409, text("grading.built-in-delete", { id }), {
          errors: [{ pointer: "/id", message: text("error.built-in-field") }],
        });
      await assignmentOr404(c.env.DB, id);
      await deleteAssignment(c.env.DB, id);
      return c.body(null, 204);
    },
  );
}
