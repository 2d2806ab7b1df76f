/**
 * A submission's body, read before any grading so that a malformed one costs no attempt:
 *   application/json     {"student": "...", "answers": {"<problem id>": number | nested list, ...}}
 *                        (Python's json.dumps spellings NaN / Infinity / -Infinity are accepted)
 *   multipart/form-data  field "submission": that JSON (text or file), one file field per
 *                        model_accuracy problem, named by its id, holding np.savez(f, **params);
 *                        optional text fields "arch" and "activation" (sigmoid, the book's
 *                        default, or relu) describe the uploaded networks
 */
import { AnswerError, parseAnswer, parseLenientJson } from "../../core/grading/answer";
import { MODEL_ACCURACY } from "../../core/grading/kinds";
import { normalizeStudentId } from "../../core/grading/student-id";
import type { Assignment } from "../../core/grading/types";
import { text } from "../../core/i18n";
import type { NDArray } from "../../core/ndarray";
import type { Network } from "../../core/nn/network";
import { isJsonType, mediaType, readFormFields, readText, unsupported } from "../http/body";
import { Problem, pointer } from "../http/problem";
import { readUpload } from "../models/upload";

export const SUBMISSION_LIMITS = {
  /** JSON submission body. */
  maxJsonBytes: 1 << 20,
  /** Multipart body (answers and .npz networks). */
  maxMultipartBytes: 16 << 20,
  /** One uploaded network (.npz) in a multipart submission: a 784-1024-10 net in float64 is 6.5 MB. */
  maxNetworkBytes: 8 << 20,
} as const;

/** Fields only the course's grader (grader token) may send; read here, checked by the route. */
export interface PlatformFields {
  /** Which variant the answers answer ("grader": a code-graded run on the grader's variant). */
  variant?: "student" | "grader";
  /** When the student submitted on the platform (ms); lateness is measured from it. */
  submittedAt?: number;
  /** The platform's id of this submission: the same id again re-grades that attempt. */
  submissionId?: string;
  /** Only re-grade an attempt already recorded under submissionId; never start a new one. */
  regrade?: boolean;
}

export interface Submission extends PlatformFields {
  student: string;
  answers: Map<string, NDArray>;
  networks: Map<string, Network>;
}

function platformFields(doc: Record<string, unknown>): PlatformFields {
  const out: PlatformFields = {};
  if (doc.variant !== undefined) {
    if (doc.variant !== "student" && doc.variant !== "grader")
      throw Problem.field("/variant", text("grading.variant-value"));
    out.variant = doc.variant;
  }
  if (doc.submitted_at !== undefined && doc.submitted_at !== null) {
    const t = typeof doc.submitted_at === "string" ? Date.parse(doc.submitted_at) : NaN;
    if (!Number.isFinite(t)) throw Problem.field("/submitted_at", text("grading.submitted-at"));
    out.submittedAt = t;
  }
  if (doc.submission_id !== undefined && doc.submission_id !== null) {
    const id = typeof doc.submission_id === "number" ? String(doc.submission_id) : doc.submission_id;
    if (typeof id !== "string" || id.length === 0 || id.length > 128)
      throw Problem.field("/submission_id", text("grading.submission-id"));
    out.submissionId = id;
  }
  if (doc.regrade !== undefined) {
    if (typeof doc.regrade !== "boolean") throw Problem.field("/regrade", text("grading.boolean"));
    out.regrade = doc.regrade;
  }
  return out;
}

function malformed(message: string): Problem {
  return new Problem(400, text("error.malformed-json", { reason: message }), {
    errors: [{ pointer: "", message: text("error.submission-not-json") }],
  });
}

function parseDocument(body: string, where: "body" | "field"): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseLenientJson(body);
  } catch (err) {
    throw malformed((err as Error).message);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Problem(
      400,
      text(where === "body" ? "error.submission-not-object" : "error.submission-field-not-object"),
      {
        errors: [{ pointer: "", message: text("error.expected-object") }],
      },
    );
  }
  return value as Record<string, unknown>;
}

function readAnswers(
  doc: Record<string, unknown>,
  a: Assignment,
): { student: string; answers: Map<string, NDArray> } & PlatformFields {
  const student = normalizeStudentId(doc.student);
  if (student === null) throw Problem.field("/student", text("error.student-field"));
  const raw = doc.answers ?? {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw Problem.field("/answers", text("error.answers-object"));
  const answers = new Map<string, NDArray>();
  for (const [id, value] of Object.entries(raw)) {
    const spec = a.problems.find((p) => p.id === id);
    if (!spec)
      throw Problem.field(
        pointer(["answers", id]),
        text("error.no-problem", { id, assignment: a.id, problems: a.problems.map((p) => p.id).join(", ") }),
      );
    if (spec.kind === MODEL_ACCURACY) {
      throw Problem.field(pointer(["answers", id]), text("error.npz-problem", { id }));
    }
    if (value === null) continue;
    try {
      answers.set(id, parseAnswer(value));
    } catch (err) {
      if (!(err instanceof AnswerError)) throw err;
      throw Problem.field(pointer(["answers", id, ...err.path]), err.text);
    }
  }
  return { student, answers, ...platformFields(doc) };
}

/**
 * Reads and validates a submission. `authorize(student)` runs as soon as the student is known
 * and before any uploaded network is decoded, so a refused caller costs no decoding work.
 */
export async function readSubmission(
  req: Request,
  a: Assignment,
  authorize: (student: string) => Promise<void> = async () => {},
): Promise<Submission> {
  const type = mediaType(req);
  if (isJsonType(type)) {
    const doc = parseDocument(await readText(req, { maxBytes: SUBMISSION_LIMITS.maxJsonBytes }), "body");
    // A body without answers is a mistake, not an attempt worth zero: it costs no attempt.
    if (doc.answers === undefined) throw Problem.field("/answers", text("error.answers-required"));
    const read = readAnswers(doc, a);
    await authorize(read.student);
    return { ...read, networks: new Map() };
  }
  if (type !== "multipart/form-data") throw unsupported(type, ["application/json", "multipart/form-data"]);
  // Each field is held only up to its own cap: the answers as a JSON body, a network as an upload.
  const models = new Set(a.problems.filter((p) => p.kind === MODEL_ACCURACY).map((p) => p.id));
  const capOf = (name: string): number | null =>
    name === "submission"
      ? SUBMISSION_LIMITS.maxJsonBytes
      : name === "arch" || name === "activation"
        ? 64
        : models.has(name)
          ? SUBMISSION_LIMITS.maxNetworkBytes
          : null;
  const form = await readFormFields(req, capOf, { maxBytes: SUBMISSION_LIMITS.maxMultipartBytes });
  const part = form.get("submission");
  if (part === undefined) throw Problem.field("/submission", text("error.submission-part"));
  const body = new TextDecoder().decode(part.bytes);
  const read = readAnswers(parseDocument(body, "field"), a);
  const student = read.student;
  await authorize(student);
  const networks = new Map<string, Network>();
  const text0 = (name: string): string | undefined => {
    const v = form.get(name);
    return v !== undefined && v.filename === null && v.bytes.length > 0 ? new TextDecoder().decode(v.bytes) : undefined;
  };
  for (const spec of a.problems.filter((p) => p.kind === MODEL_ACCURACY)) {
    const file = form.get(spec.id);
    if (file === undefined) continue;
    const body = file.bytes;
    const upload = new Request("http://upload/", {
      method: "PUT",
      headers: { "content-type": "application/x-npz" },
      body,
    });
    try {
      const { net } = await readUpload(upload, { arch: text0("arch"), activation: text0("activation") });
      networks.set(spec.id, net);
    } catch (err) {
      if (!(err instanceof Problem)) throw err;
      const errors = err.errors.map((e) => ({
        pointer: `/${spec.id}${e.pointer.startsWith("/") || e.pointer === "" ? e.pointer : "/" + e.pointer}`,
        message: e.message,
      }));
      throw new Problem(err.status, err.detail, { errors, prefix: `${spec.id}: ${err.prefix}` });
    }
  }
  return { ...read, networks };
}
