import { Problem } from "./problem";
import { text } from "../../core/i18n";

/**
 * Work caps are checked before a job starts: the estimate is the number of expression
 * evaluations × the expression's length (an upper bound on its node count: every node takes
 * at least one character) × the elements each evaluation touches.
 */
export function checkWork(pointerName: string, estimate: number, cap: number, what: string): void {
  if (estimate > cap) {
    throw new Problem(422, text("error.work-cap", { what, estimate: fmt(estimate), cap: fmt(cap) }), {
      errors: [{ pointer: pointerName, message: text("error.work-cap-field", { estimate: fmt(estimate), cap: fmt(cap) }) }],
      extra: { estimate, cap },
    });
  }
}

function fmt(n: number): string {
  return n >= 1e4 ? n.toExponential(2) : String(n);
}
