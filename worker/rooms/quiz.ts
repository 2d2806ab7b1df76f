/**
 * A quick quiz round: one problem of an assignment, the same inputs for the whole room (the
 * variant of the "student" room-<code>-<round>, so a new round draws new numbers), each phone's
 * answer graded as a submission would be (numpy.isclose, shapes, the classic mistakes), and the
 * room's counts: how many answered, how many right, and how often each mistake was made. No
 * names: the counts never say who.
 */
import { AnswerError, parseAnswer } from "../../core/grading/answer";
import { gradeAnswer, type Status } from "../../core/grading/grade";
import { MODEL_ACCURACY } from "../../core/grading/kinds";
import { isReleased } from "../../core/grading/policy";
import type { ProblemSpec } from "../../core/grading/types";
import { generateProblem } from "../../core/grading/variant";
import { hasKey, type Lang, render, type Text, text } from "../../core/i18n";
import type { Env } from "../env";
import { requireSecret, variantSeeds } from "../grading/seed";
import { getAssignment } from "../grading/store";
import { RoomError } from "./protocol";

export interface QuizState {
  round: number;
  open: boolean;
  assignment: string;
  spec: ProblemSpec;
  /** Rendered in each reader's language when sent. */
  statement: Text;
  inputs: Record<string, unknown>;
  /** Per phone id: the status of its latest answer and the mistake it matched. */
  answers: Record<string, { status: Status; diagnosis?: string }>;
}

export async function openQuiz(
  env: Env,
  code: string,
  round: number,
  assignmentId: string,
  problemId: string,
): Promise<QuizState> {
  const a = await getAssignment(env.DB, assignmentId);
  if (!a)
    throw new RoomError("no-assignment", text("rooms.ws.no-assignment", { assignment: assignmentId }), "assignment");
  const spec = a.problems.find((p) => p.id === problemId);
  if (!spec)
    throw new RoomError(
      "no-problem",
      text("rooms.ws.no-problem", {
        problem: problemId,
        assignment: a.id,
        problems: a.problems.map((p) => p.id).join(", "),
      }),
      "problem",
    );
  if (spec.kind === MODEL_ACCURACY)
    throw new RoomError("bad-problem", text("rooms.ws.model-problem", { problem: problemId }), "problem");
  if (!isReleased(spec, a, Date.now())) {
    throw new RoomError("bad-problem", text("rooms.ws.not-released", { problem: problemId }), "problem");
  }
  let secret: string;
  try {
    secret = requireSecret(env.GRADING_SECRET);
  } catch {
    throw new RoomError("no-secret", text("rooms.ws.no-secret"));
  }
  const [seed] = await variantSeeds(secret, a.id, `room-${code}-${round}`, [spec.id]);
  const { statement, inputs } = generateProblem(spec, seed);
  return { round, open: true, assignment: a.id, spec, statement, inputs, answers: {} };
}

/** Grades one phone's answer and records it (a later answer replaces the earlier one). */
export function answerQuiz(
  quiz: QuizState,
  phone: string,
  value: unknown,
  lang: Lang,
): { status: Status; feedback: string } {
  let answer: ReturnType<typeof parseAnswer>;
  try {
    answer = parseAnswer(value);
  } catch (err) {
    if (err instanceof AnswerError) throw new RoomError("bad-field", err.text, "value");
    throw err;
  }
  const r = gradeAnswer(quiz.spec, quiz.inputs, answer, false, lang);
  quiz.answers[phone] = r.diagnosis ? { status: r.status, diagnosis: r.diagnosis.id } : { status: r.status };
  return { status: r.status, feedback: r.feedback };
}

export interface QuizTally {
  round: number;
  answered: number;
  correct: number;
  partial: number;
  incorrect: number;
  diagnoses: { id: string; message: string; count: number }[];
}

/** The room's counts; each mistake named by its short label (label.<kind>.<id>) in `lang`. */
export function tally(quiz: QuizState, lang: Lang): QuizTally {
  const t: QuizTally = { round: quiz.round, answered: 0, correct: 0, partial: 0, incorrect: 0, diagnoses: [] };
  const counts = new Map<string, number>();
  for (const a of Object.values(quiz.answers)) {
    t.answered++;
    if (a.status === "correct") t.correct++;
    else if (a.status === "partial") t.partial++;
    else t.incorrect++;
    if (a.diagnosis) counts.set(a.diagnosis, (counts.get(a.diagnosis) ?? 0) + 1);
  }
  const label = (id: string) => {
    const key = `label.${quiz.spec.kind}.${id}`;
    return hasKey(key) ? render(lang, { key }) : id;
  };
  t.diagnoses = [...counts]
    .map(([id, count]) => ({ id, message: label(id), count }))
    .sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
  return t;
}

/** What a phone is shown of the round: the problem, never the expected value. */
export function quizForPhones(quiz: QuizState, lang: Lang) {
  const problem = { id: quiz.spec.id, title: quiz.spec.title ?? quiz.spec.id, kind: quiz.spec.kind };
  return {
    type: "quiz",
    round: quiz.round,
    open: quiz.open,
    problem,
    statement: render(lang, quiz.statement),
    inputs: quiz.inputs,
  };
}
