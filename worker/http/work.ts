import { type Text, text } from "../../core/i18n";
import { Problem } from "./problem";

/**
 * Work caps are checked before a job starts: the estimate is the number of expression
 * evaluations × the expression's length (an upper bound on its node count: every node takes
 * at least one character) × the elements each evaluation touches.
 */
export function checkWork(pointerName: string, estimate: number, cap: number, what: Text): void {
  if (estimate > cap) {
    throw new Problem(422, text("error.work-cap", { what, estimate: fmt(estimate), cap: fmt(cap) }), {
      errors: [
        { pointer: pointerName, message: text("error.work-cap-field", { estimate: fmt(estimate), cap: fmt(cap) }) },
      ],
      extra: { estimate, cap },
    });
  }
}

/** The CPU estimate (ms, from a calibrated model) against its cap: a 422 stating both when over. */
export function checkCpu(pointerName: string, estimatedMs: number, capMs: number, what: Text): void {
  if (estimatedMs > capMs) {
    const ms = Math.round(estimatedMs);
    throw new Problem(422, text("limit.cpu", { what, ms, cap: capMs }), {
      errors: [{ pointer: pointerName, message: text("limit.cpu-field", { ms, cap: capMs }) }],
      extra: { estimated_ms: ms, cap_ms: capMs },
    });
  }
}

function fmt(n: number): string {
  return n >= 1e4 ? n.toExponential(2) : String(n);
}

/**
 * The response header that states a request's estimated CPU milliseconds (admitted jobs):
 * npm run budgets compares it with the CPU the Worker measurably used.
 */
export const ESTIMATE_HEADER = "X-Work-Estimate-Ms";
