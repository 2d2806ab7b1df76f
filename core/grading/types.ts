import type { Text } from "../i18n";
import type { NDArray } from "../ndarray";
import type { Random } from "../random";
import type { Tolerance } from "./tolerance";

export type Visibility = "visible" | "hidden" | "after_due_date";

/** One problem of an assignment document. */
export interface ProblemSpec {
  id: string;
  kind: string;
  title?: string;
  points: number;
  rtol?: number;
  atol?: number;
  /** Partial credit for arrays: points x the fraction of elements within tolerance. */
  partial?: boolean;
  visibility?: Visibility;
  /** Generator parameters of the kind (sizes, ranges, thresholds). */
  params?: Record<string, unknown>;
}

export interface LatePolicy {
  /** accept: no penalty; penalty: score x (1 - penalty_per_day x started days late); reject: refused. */
  mode: "accept" | "penalty" | "reject";
  penalty_per_day?: number;
  /**
   * The late due date (ISO 8601): late work is graded under `mode` until then, and expected
   * values and after_due_date results are shown only after it. Without it the assignment
   * closes at the due date.
   */
  until?: string | null;
}

export interface Limits {
  /** Minimum seconds between two graded submissions of one student. */
  min_interval_seconds: number;
  /** Maximum graded submissions per student. */
  max_attempts: number;
}

export interface Assignment {
  id: string;
  title: string;
  description?: string;
  due?: string | null;
  late?: LatePolicy;
  /** Which attempt the gradebook shows. */
  policy?: "best" | "latest";
  /**
   * When a wrong answer to a visible problem may show the expected value: never, only after the
   * due date (the default; with no due date that is never), or always (practice sets). Showing
   * it before the deadline would let a student copy it into the next attempt.
   */
  reveal_expected?: "never" | "after_due_date" | "always";
  /**
   * Who may submit for a student: anyone who names them ("open", the default, for practice),
   * or only a caller with that student's token or the admin token ("token"), so nobody can
   * spend another student's attempts.
   */
  submissions?: "open" | "token";
  /**
   * answers (the default): students submit their answers to their own variant. code: the
   * course's grader (run_autograder) runs the student's own functions on a grader-only variant
   * and submits with the grader token; answers sent by anyone else are refused.
   */
  mode?: "answers" | "code";
  /** Results of hidden problems are shown to students once the instructor sets this. */
  released?: boolean;
  limits?: Limits;
  problems: ProblemSpec[];
}

/** The inputs and statement of one problem for one student (the statement rendered per language). */
export interface Generated {
  statement: Text;
  inputs: Record<string, unknown>;
}

/** A classic wrong answer: what a specific mistake produces on these inputs. */
export interface Mistake {
  id: string;
  /** What went wrong and how to fix it, without the expected value (key mistake.<kind>.<id>). */
  message: Text;
  value: NDArray;
}

/** A problem kind: how inputs are drawn, the right answer, and the classic wrong ones. */
export interface Kind {
  name: string;
  /** Shape of the answer for these inputs ([] for a number). */
  answerShape(inputs: Record<string, any>): number[];
  generate(rng: Random, params: Record<string, unknown>): Generated;
  solve(inputs: Record<string, any>): NDArray;
  mistakes(inputs: Record<string, any>): Mistake[];
  /** Default tolerance of the kind when the problem does not set rtol/atol. */
  tolerance?: Partial<Tolerance>;
}
