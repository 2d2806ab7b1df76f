/**
 * The autograder, mounted at /v1/assignments: assignments, per-student variants, graded
 * submissions recorded in D1, the gradebook. Pure grading lives in core/grading; storage in ./store.ts.
 */

import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { DLFS_CH04 } from "../../core/grading/dlfs-ch04";
import { gradebookCsv } from "../../core/grading/gradebook";
import { localizeAssignment } from "../../core/grading/localize";
import type { Assignment } from "../../core/grading/types";
import { buildVariant } from "../../core/grading/variant";
import { type Text, t, text } from "../../core/i18n";
import type { AppEnv } from "../env";
import { requireAdmin } from "../http/auth";
import { jsonBody } from "../http/body";
import { LIMITS } from "../http/limits";
import { anyoneOr, jsonResponse, problem, uriTooLong } from "../http/openapi";
import { Problem } from "../http/problem";
import { type Resource, resource } from "../http/resource";
import { assignmentInsights, MAX_STUDENTS_LISTED } from "./insights";
import { assignmentOr404, checkStudent } from "./lookup";
import { registerCourse } from "./routes";
import { type AssignmentDocument, AssignmentSchema, checkAssignment, checkDocument, ID } from "./schema";
import { requireSecret, variantSeeds } from "./seed";
import { forPrairieLearn, submitAndGrade } from "./service";
import { attemptRows, BUILT_IN, listAssignments, putAssignment } from "./store";
import { studentToken } from "./student-token";
import { SUBMISSION_LIMITS } from "./submission";

const IdParam = z.object({ id: z.string().openapi({ example: "dlfs-ch04", description: "Assignment id" }) });
const Any = z.record(z.string(), z.unknown());

const TOKEN_LIMIT = 1000;

const Histogram = z.array(z.number().int()).length(10);
const InsightsSchema = z
  .object({
    assignment: z.string(),
    title: z.string(),
    due: z.string().nullable(),
    students: z.number().int(),
    submissions: z.number().int(),
    late: z.number().int(),
    histogram: Histogram,
    problems: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        title: z.string(),
        max_score: z.number(),
        attempts: z.number().int(),
        students: z.number().int(),
        first_try: z.object({ correct: z.number().int(), rate: z.number() }),
        solved: z.object({ students: z.number().int(), rate: z.number() }),
        late: z.number().int(),
        mistakes: z.array(
          z.object({
            id: z.string(),
            label: z.string(),
            students: z.number().int(),
            attempts: z.number().int(),
            share: z.number(),
          }),
        ),
        histogram: Histogram,
      }),
    ),
    per_student: z.array(
      z.object({
        student: z.string(),
        attempts: z.number().int(),
        last_score: z.number(),
        best_score: z.number(),
        max_score: z.number(),
        last_submitted_at: z.string(),
        late: z.number().int(),
      }),
    ),
  })
  .openapi("Insights", {
    example: {
      assignment: "dlfs-ch04",
      title: "Deep Learning from Scratch, chapter 4: learning from data",
      due: null,
      students: 30,
      submissions: 41,
      late: 0,
      histogram: [0, 0, 0, 1, 2, 3, 5, 6, 6, 7],
      problems: [
        {
          id: "mse",
          kind: "mse",
          title: "mean_squared_error",
          max_score: 1,
          attempts: 41,
          students: 30,
          first_try: { correct: 19, rate: 0.6333 },
          solved: { students: 28, rate: 0.9333 },
          late: 0,
          mistakes: [
            {
              id: "missing-half",
              label: "forgot the 0.5 in mean_squared_error",
              students: 9,
              attempts: 11,
              share: 0.3,
            },
          ],
          histogram: [2, 0, 0, 0, 0, 0, 0, 0, 0, 28],
        },
      ],
      per_student: [
        {
          student: "alice",
          attempts: 2,
          last_score: 11,
          best_score: 11,
          max_score: 14,
          last_submitted_at: "2026-01-01T00:00:00.000Z",
          late: 0,
        },
      ],
    },
  });
const EXAMPLE_SUBMISSION = {
  student: "alice",
  answers: {
    mse: 0.0975,
    softmax: [
      [0.99, 0.01],
      [0.5, 0.5],
    ],
  },
};

const listAssignmentsRoute = createRoute({
  method: "get",
  path: "/",
  operationId: "listAssignments",
  security: [],
  tags: ["Grading"],
  summary: "The assignments: the built-in dlfs-ch04 and those added by admins",
  responses: {
    200: jsonResponse(z.object({ assignments: z.array(Any) }), "Ids, titles and problem counts"),
    ...uriTooLong,
  },
});

const listAssignmentsHandler: RouteHandler<typeof listAssignmentsRoute, AppEnv> = async (c) => {
  const lang = c.get("lang");
  const list = (await listAssignments(c.env.DB)).map((a) =>
    a.built_in ? { ...a, title: localizeAssignment(BUILT_IN.get(a.id)!, lang).title } : a,
  );
  return c.json({ assignments: list }, 200);
};

const getAssignmentRoute = createRoute({
  method: "get",
  path: "/{id}",
  operationId: "getAssignment",
  security: [],
  tags: ["Grading"],
  summary: "An assignment document: problems, points, tolerances, visibility, due date, limits",
  request: { params: IdParam },
  responses: {
    200: jsonResponse(AssignmentSchema, "The document (generator parameters, never inputs or answers)"),
    404: problem("Unknown assignment"),
  },
});

const getAssignmentHandler: RouteHandler<typeof getAssignmentRoute, AppEnv> = async (c) =>
  // Stored documents passed AssignmentSchema when they were put (the built-in one is its example).
  c.json(
    localizeAssignment(await assignmentOr404(c.env.DB, c.req.valid("param").id), c.get("lang")) as AssignmentDocument,
    200,
  );

const putAssignmentRoute = createRoute({
  method: "put",
  path: "/{id}",
  operationId: "putAssignment",
  tags: ["Grading"],
  summary: "Create or replace an assignment (admin)",
  description:
    "Problems have a kind (mse, cross_entropy, softmax, numerical_diff, numerical_gradient, gradient_descent, simple_net, " +
    "model_accuracy), points, rtol/atol (defaults as numpy.isclose: 1e-5, 1e-8, tighter for the derivative kinds), " +
    "partial credit, visibility (visible, hidden, after_due_date) and generator params. The built-in dlfs-ch04 cannot be replaced. " +
    "Needs Authorization: Bearer <ADMIN_TOKEN>.",
  security: [{ bearer: [] }],
  // The admin check comes before the body is read: an anonymous PUT is a 401, not a parse error.
  middleware: [requireAdmin, jsonBody({ maxBytes: LIMITS.maxJsonBytes, check: checkDocument })] as const,
  request: {
    params: IdParam,
    body: {
      required: true,
      content: { "application/json": { schema: AssignmentSchema, example: { ...DLFS_CH04, id: "ch04-quiz" } } },
    },
  },
  responses: {
    200: jsonResponse(AssignmentSchema, "Replaced"),
    201: jsonResponse(AssignmentSchema, "Created"),
    400: problem("Malformed JSON"),
    401: problem("Missing or wrong bearer token"),
    403: problem("Writes are disabled (no ADMIN_TOKEN configured)"),
    409: problem("The built-in assignment cannot be replaced"),
    422: problem("Invalid document; errors[].pointer names the field"),
  },
});

const putAssignmentHandler: RouteHandler<typeof putAssignmentRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid("param");
  if (!ID.test(id)) throw Problem.field("/id", text("error.assignment-id"));
  if (BUILT_IN.has(id))
    throw new Problem(409, text("error.built-in", { id }), {
      errors: [{ pointer: "/id", message: text("error.built-in-field") }],
    });
  const body = c.req.valid("json");
  if (body.id !== undefined && body.id !== id)
    throw Problem.field("/id", text("error.id-differs", { body: body.id, path: id }));
  const doc = { ...body, id };
  const a: Assignment = doc;
  checkAssignment(a);
  const replaced = await putAssignment(c.env.DB, a);
  return c.json(doc, replaced ? 200 : 201);
};

const getVariantRoute = createRoute({
  method: "get",
  path: "/{id}/variant",
  operationId: "getVariant",
  security: [],
  tags: ["Grading"],
  summary: "A student's variant: each problem's statement and inputs",
  description:
    "Inputs are derived from HMAC-SHA256(GRADING_SECRET, assignment, student, problem): the same for a student every time, " +
    "different between students, unguessable without the secret. Answer shapes and tolerances are included; answers are not.",
  request: { params: IdParam, query: z.object({ student: z.string().openapi({ example: "alice" }) }) },
  responses: {
    200: jsonResponse(
      Any,
      "{assignment, student, problems: [{id, kind, title, points, statement, inputs, answer_shape, rtol, atol, partial, visibility}]}",
    ),
    404: problem("Unknown assignment"),
    422: problem("Missing or invalid student"),
    503: problem("No GRADING_SECRET configured"),
  },
});

const getVariantHandler: RouteHandler<typeof getVariantRoute, AppEnv> = async (c) => {
  const a = await assignmentOr404(c.env.DB, c.req.valid("param").id);
  const student = checkStudent(c.req.valid("query").student);
  const seeds = await variantSeeds(
    requireSecret(c.env.GRADING_SECRET),
    a.id,
    student,
    a.problems.map((p) => p.id),
  );
  return c.json(buildVariant(a, student, seeds, c.get("lang")), 200, { "cache-control": "private, no-store" });
};

const submitRoute = createRoute({
  method: "post",
  path: "/{id}/submissions",
  operationId: "submitAnswers",
  security: anyoneOr("student", "grader", "bearer"), // assignments with submissions: "token" need one
  tags: ["Grading"],
  summary: "Grade a submission (and record it)",
  description:
    "Grades every problem against the student's variant: shape check, numpy.isclose tolerance, NaN/inf, partial credit " +
    "for arrays where allowed, and feedback that names the classic mistake an answer matches without revealing the " +
    "expected value (expected values appear only for wrong answers to visible problems, after the due date unless the " +
    "assignment's reveal_expected says otherwise). Assignments with submissions: \"token\" need the student's " +
    "X-Student-Token header (or the admin bearer token). Body: JSON " +
    '{"student", "answers": {problem id: number or nested list}} (numpy tolist(); NaN/Infinity as json.dumps writes them), ' +
    `at most ${SUBMISSION_LIMITS.maxJsonBytes} bytes; or multipart/form-data with that JSON in the field "submission" (at most ${SUBMISSION_LIMITS.maxJsonBytes} bytes) and ` +
    `one .npz file per model_accuracy problem in a field named by its id (at most ${SUBMISSION_LIMITS.maxNetworkBytes} bytes each; fields "arch"/"activation" describe the network; other fields are refused), ` +
    `at most ${SUBMISSION_LIMITS.maxMultipartBytes} bytes in all. ?format=gradescope answers with Gradescope's results.json, ` +
    "?format=prairielearn with PrairieLearn's external grader results (score in [0, 1]; a refusal carries gradable: false and format_errors). " +
    "Results of hidden problems (until the instructor releases them) and after_due_date problems (until the assignment closes) " +
    "are withheld from students: no score, status, diagnosis or element counts, and the total counts released results only; " +
    "the admin and the grader token see everything. The course's grader (Authorization: Bearer <grader token>) submits for any " +
    "student and may send submitted_at (the platform's submission time, from which lateness is measured), submission_id (the " +
    'same id again re-grades that attempt: 200, no attempt spent, lateness unchanged), regrade: true, and variant: "grader" ' +
    "(answers computed on the grader-only variant; required by code-graded assignments). " +
    "After the assignment closes for a student (late.until, else the due date; a per-student extension moves both) expected " +
    "values may be shown, so later submissions are recorded but do not count toward the grade. " +
    "Each graded submission is recorded with its attempt number; limits per student (minimum interval, maximum attempts) " +
    "answer 429 with Retry-After. A malformed submission (4xx other than 429) costs no attempt.",
  request: {
    params: IdParam,
    query: z.object({ format: z.enum(["json", "gradescope", "prairielearn"]).optional().openapi({ example: "json" }) }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: { type: "object", properties: { student: { type: "string" }, answers: { type: "object" } } },
          example: EXAMPLE_SUBMISSION,
        },
        "multipart/form-data": {
          schema: {
            type: "object",
            properties: {
              submission: { type: "string" },
              model: { type: "string", format: "binary" },
              activation: { type: "string" },
            },
          },
        },
      },
    },
  },
  responses: {
    200: jsonResponse(Any, "A re-graded attempt (same submission_id from the grader)"),
    201: jsonResponse(
      Any,
      "{assignment, student, attempt, submitted_at, late, score, max_score, withheld?, problems: [...]}, Gradescope's results.json or PrairieLearn's results",
    ),
    400: problem("Malformed JSON or multipart body"),
    401: problem(
      "The assignment needs the student's token (X-Student-Token) or the grader token (code-graded), and it is missing or wrong",
    ),
    404: problem("Unknown assignment"),
    413: problem("Body larger than the cap"),
    415: problem("Not JSON or multipart"),
    422: problem(
      "Invalid student, unknown problem id, non-numeric or ragged answer, invalid .npz, or late submissions rejected",
    ),
    429: problem("Too many submissions: Retry-After says when the next is allowed"),
    503: problem("No GRADING_SECRET, or no held-out digits for model problems"),
  },
});

const submitHandler: RouteHandler<typeof submitRoute, AppEnv> = async (c) => {
  const a = await assignmentOr404(c.env.DB, c.req.valid("param").id);
  const format = c.req.valid("query").format ?? "json";
  try {
    const { status, body } = await submitAndGrade(c.env, c.req.raw, a, format, c.get("lang"));
    return c.json(body as Record<string, unknown>, status);
  } catch (err) {
    throw format === "prairielearn" ? forPrairieLearn(err, c.get("lang")) : err;
  }
};

const tokensRoute = createRoute({
  method: "get",
  path: "/{id}/tokens.csv",
  operationId: "getStudentTokens",
  tags: ["Grading"],
  summary: "Students' submission tokens as CSV (admin)",
  description:
    `For assignments with submissions: "token": each listed student's X-Student-Token (derived from ` +
    `GRADING_SECRET; stable). ?students= takes up to ${TOKEN_LIMIT} comma-separated ids.`,
  security: [{ bearer: [] }],
  middleware: [requireAdmin] as const,
  request: { params: IdParam, query: z.object({ students: z.string().openapi({ example: "alice,bob" }) }) },
  responses: {
    200: {
      description: "text/csv",
      content: {
        "text/csv": { schema: { type: "string" }, example: "student,token\nalice,st_3q2-7wAAAAAAAAAAAAAAAA\n" },
      },
    },
    401: problem("Missing or wrong bearer token"),
    403: problem("Writes are disabled (no ADMIN_TOKEN configured)"),
    404: problem("Unknown assignment"),
    422: problem("A student id is invalid, or too many"),
  },
});

const tokensHandler: RouteHandler<typeof tokensRoute, AppEnv> = async (c) => {
  const a = await assignmentOr404(c.env.DB, c.req.valid("param").id);
  const students = c.req
    .valid("query")
    .students.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (students.length === 0 || students.length > TOKEN_LIMIT)
    throw Problem.field("/students", text("error.students-list", { max: TOKEN_LIMIT }));
  const secret = requireSecret(c.env.GRADING_SECRET);
  const rows = await Promise.all(
    students.map(async (s) => `${checkStudent(s)},${await studentToken(secret, a.id, checkStudent(s))}`),
  );
  return c.body(["student,token", ...rows, ""].join("\n"), 200, {
    "content-type": "text/csv; charset=utf-8",
    "cache-control": "private, no-store",
  });
};

const gradebookRoute = createRoute({
  method: "get",
  path: "/{id}/gradebook.csv",
  operationId: "getGradebook",
  tags: ["Grading"],
  summary: "The gradebook as CSV (admin)",
  description:
    "One row per student, one column per problem, from the best or latest counting attempt per the " +
    "assignment's policy; also total, max_score, the attempt shown, the number of attempts, when it " +
    "was submitted, its late_days and late_factor, and not_counted (attempts made after the assignment " +
    "closed for the student, recorded but never chosen).",
  security: [{ bearer: [] }],
  middleware: [requireAdmin] as const,
  request: { params: IdParam },
  responses: {
    200: {
      description: "text/csv",
      content: {
        "text/csv": {
          schema: { type: "string" },
          example:
            "student,mse,total,max_score,attempt,attempts,submitted_at,late_days,late_factor,not_counted\r\nalice,1,1,1,1,1,2026-01-01T00:00:00.000Z,0,1,0\r\n",
        },
      },
    },
    401: problem("Missing or wrong bearer token"),
    403: problem("Writes are disabled (no ADMIN_TOKEN configured)"),
    404: problem("Unknown assignment"),
  },
});

const gradebookHandler: RouteHandler<typeof gradebookRoute, AppEnv> = async (c) => {
  const a = await assignmentOr404(c.env.DB, c.req.valid("param").id);
  const max = a.problems.reduce((sum, p) => sum + p.points, 0);
  const csv = gradebookCsv(
    a.problems.map((p) => p.id),
    await attemptRows(c.env.DB, a.id),
    a.policy ?? "best",
    max,
  );
  return c.body(csv, 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${a.id}-gradebook.csv"`,
  });
};

const insightsRoute = createRoute({
  method: "get",
  path: "/{id}/insights",
  operationId: "getInsights",
  tags: ["Grading"],
  summary: "How the class is doing: attempts, first-try success, diagnosed mistakes, scores, late work (admin)",
  description:
    "Aggregated in D1 from the recorded submissions. Per problem: `attempts` (graded submissions that answered it), " +
    "`students` (who answered it), `first_try` (students correct on their first answer), `solved` (students correct at least once), " +
    "`late` (answers after the due date), `mistakes` (per diagnosis: students who made it at least once, their `share` of the " +
    "problem's students, the attempts carrying it, and a short `label` in the request's language) and `histogram` (10 bins of " +
    "score / max_score of each student's last answer: [0, 0.1), ..., [0.9, 1]). Per student: attempts, last and best score, late " +
    `submissions (at most ${MAX_STUDENTS_LISTED} listed). The /instructor page shows it.`,
  security: [{ bearer: [] }],
  middleware: [requireAdmin] as const,
  request: { params: IdParam },
  responses: {
    200: jsonResponse(InsightsSchema, "The insight"),
    401: problem("Missing or wrong bearer token"),
    403: problem("Writes are disabled (no ADMIN_TOKEN configured)"),
    404: problem("Unknown assignment"),
  },
});

const insightsHandler: RouteHandler<typeof insightsRoute, AppEnv> = async (c) => {
  const a = await assignmentOr404(c.env.DB, c.req.valid("param").id);
  return c.json(await assignmentInsights(c.env.DB, a, c.get("lang")), 200, { "cache-control": "private, no-store" });
};

function registerAssignments(app: Resource): void {
  app.openapi(listAssignmentsRoute, listAssignmentsHandler);
  app.openapi(getAssignmentRoute, getAssignmentHandler);
  app.openapi(putAssignmentRoute, putAssignmentHandler);
  app.openapi(getVariantRoute, getVariantHandler);
  app.openapi(submitRoute, submitHandler);
  app.openapi(tokensRoute, tokensHandler);
  app.openapi(gradebookRoute, gradebookHandler);
  app.openapi(insightsRoute, insightsHandler);
}

/** The grading routes, mounted at /v1/assignments. */
export const grading = resource();
registerAssignments(grading);
registerCourse(grading);
