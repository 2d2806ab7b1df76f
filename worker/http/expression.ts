import { compileArray, compileScalar, type Expression, ExpressionError, parseExpression } from "../../core/expr";
import { textOf } from "../../core/i18n";
import { Problem } from "./problem";

/** Parses a posted function, turning syntax errors into a 422 that points at the field. */
export function parseField(source: string, field = "/f"): Expression {
  try {
    return parseExpression(source);
  } catch (err) {
    if (err instanceof ExpressionError) throw Problem.field(field, err.text);
    throw err;
  }
}

/**
 * Wraps a compiled function so that errors raised while evaluating it (an index past the end
 * of x, a vector result where a number was expected) name the function's field, in the
 * reader's language when core gave the message as a catalogue text.
 */
function guarded<A>(fn: (x: A) => number, field: string): (x: A) => number {
  return (x: A) => {
    try {
      return fn(x);
    } catch (err) {
      if (err instanceof ExpressionError || err instanceof RangeError || err instanceof TypeError) {
        throw Problem.field(field, textOf(err) ?? (err as Error).message);
      }
      throw err;
    }
  };
}

export function scalarFunction(expr: Expression, field = "/f"): (x: number) => number {
  return guarded(compileScalar(expr), field);
}

export function arrayFunction(expr: Expression, field = "/f"): (x: import("../../core/ndarray").NDArray) => number {
  return guarded(compileArray(expr), field);
}
