import { DEFAULT_LANG, type Lang, render } from "../i18n";
import { Random } from "../random";
import { toleranceOf } from "./grade";
import { KINDS, MODEL_ACCURACY } from "./kinds";
import { problemTitle } from "./localize";
import { accuracyStatement, thresholdsOf } from "./model-accuracy";
import type { Assignment, Generated, ProblemSpec } from "./types";

/**
 * Which inputs: the student's own variant (GET .../variant, what they see and answer), or the
 * grader's variant (GET .../grader-variant, grader token only), on which a code-graded
 * assignment runs the student's functions inside the course's grader. The two are derived
 * under different labels, so one says nothing about the other.
 */
export type VariantKind = "student" | "grader";

/**
 * The message whose HMAC-SHA256 under GRADING_SECRET seeds one student's variant of one
 * problem. Fields are joined by NUL, which none of them may contain, so distinct triples
 * never produce the same message.
 */
export function variantMessage(
  assignment: string,
  student: string,
  problem: string,
  kind: VariantKind = "student",
): string {
  return `${kind === "grader" ? "edgegrad-grader-variant/1" : "edgegrad-variant/1"}\0${assignment}\0${student}\0${problem}`;
}

/** The first 48 bits of the MAC (big-endian) as a seed for core/random.ts. */
export function seedFromMac(mac: Uint8Array): number {
  let seed = 0;
  for (let i = 0; i < 6; i++) seed = seed * 256 + mac[i];
  return seed;
}

/** Statement and inputs of one problem for a seed; throws RangeError for bad generator params. */
export function generateProblem(spec: ProblemSpec, seed: number): Generated {
  if (spec.kind === MODEL_ACCURACY) return { statement: accuracyStatement(thresholdsOf(spec.params)), inputs: {} };
  const kind = KINDS.get(spec.kind);
  if (!kind) throw new RangeError(`unknown problem kind "${spec.kind}"`);
  return kind.generate(new Random(seed), spec.params ?? {});
}

export interface VariantProblem {
  id: string;
  kind: string;
  title: string;
  points: number;
  statement: string;
  inputs: Record<string, unknown>;
  /** Shape of the expected answer ([] = one number); model_accuracy: null (a file upload). */
  answer_shape: number[] | null;
  rtol: number;
  atol: number;
  partial: boolean;
  visibility: string;
}

export interface Variant {
  assignment: string;
  student: string;
  problems: VariantProblem[];
}

/**
 * A student's whole variant, given the random seed of each problem (seeds[i] for problems[i]),
 * an HMAC of the assignment, problem and student id (computed with Web Crypto by the API and
 * with node:crypto by fixtures/). Statements and the built-in assignment's titles are written
 * in `lang`.
 */
export function buildVariant(a: Assignment, student: string, seeds: number[], lang: Lang = DEFAULT_LANG): Variant {
  return {
    assignment: a.id,
    student,
    problems: a.problems.map((p, i) => {
      const g = generateProblem(p, seeds[i]);
      const kind = KINDS.get(p.kind);
      const tol = toleranceOf(p, kind);
      return {
        id: p.id,
        kind: p.kind,
        title: problemTitle(a, p, lang),
        points: p.points,
        statement: render(lang, g.statement),
        inputs: g.inputs,
        answer_shape: kind ? kind.answerShape(g.inputs) : null,
        rtol: tol.rtol,
        atol: tol.atol,
        partial: p.partial ?? false,
        visibility: p.visibility ?? "visible",
      };
    }),
  };
}
