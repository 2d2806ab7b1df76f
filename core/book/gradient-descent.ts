import { rangeErrorIn } from "../i18n";
import type { NDArray } from "../ndarray";
import { numericalGradient } from "./numerical-gradient";

export interface GradientDescentOptions {
  /** Learning rate; the book's default 0.01. */
  lr?: number;
  /** Number of steps; the book's default 100. */
  stepNum?: number;
  /** Step of the numerical gradient (1e-4). */
  h?: number;
  /**
   * Called after each step with the step's index (0-based), the point the step started from
   * (history[step]) and f there (values[step]). Return false to stop: the result then holds
   * the steps taken so far. For streaming progress and cancellation.
   */
  onStep?: (step: number, x: NDArray, value: number) => boolean | void;
}

export interface GradientDescentResult {
  /** x after the last step taken. */
  x: NDArray;
  /** A copy of x before each step (the book's x_history). */
  history: NDArray[];
  /** f(x) before each step. */
  values: number[];
}

/**
 * The book's gradient_descent (ch04/gradient_method.py): step_num times,
 *   x_history.append(x.copy()); grad = numerical_gradient(f, x); x -= lr * grad
 * with the update done element-wise exactly as numpy does it, x[i] - (lr * grad[i]).
 * Works on a copy: initX is not changed.
 */
export function gradientDescent(
  f: (x: NDArray) => number,
  initX: NDArray,
  opts: GradientDescentOptions = {},
): GradientDescentResult {
  const { lr = 0.01, stepNum = 100, h = 1e-4, onStep } = opts;
  if (!Number.isInteger(stepNum) || stepNum < 0) {
    throw rangeErrorIn("gradientDescent", "book.step-num", { steps: stepNum });
  }
  const x: NDArray = { data: Float64Array.from(initX.data), shape: [...initX.shape] };
  const history: NDArray[] = [];
  const values: number[] = [];
  for (let step = 0; step < stepNum; step++) {
    const before: NDArray = { data: Float64Array.from(x.data), shape: [...x.shape] };
    history.push(before);
    values.push(f(x));
    const grad = numericalGradient(f, x, h).data;
    for (let i = 0; i < x.data.length; i++) x.data[i] -= lr * grad[i];
    if (onStep && onStep(step, before, values[step]) === false) break;
  }
  return { x, history, values };
}
