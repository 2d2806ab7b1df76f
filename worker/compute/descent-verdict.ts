import type { NDArray } from "../../core/ndarray";

/**
 * The book's lessons about the learning rate, in words: too large diverges (lr = 10 in the
 * seed), too small barely moves (lr = 1e-10), a good one reaches a point where the gradient
 * vanishes.
 */
export interface Verdict {
  converged: boolean;
  diverged: boolean;
  stalled: boolean;
  message: string;
}

export function descentVerdict(init: NDArray, x: NDArray, values: number[], finalValue: number, gradNorm: number, lr: number): Verdict {
  const finite = x.data.every(Number.isFinite) && Number.isFinite(finalValue);
  const start = values.length ? values[0] : finalValue;
  const grew = finalValue > start && Math.abs(finalValue) > 10 * Math.abs(start) + 1e-12;
  const diverged = !finite || grew;
  let moved = 0;
  let scale = 0;
  for (let i = 0; i < x.data.length; i++) {
    moved = Math.max(moved, Math.abs(x.data[i] - init.data[i]));
    scale = Math.max(scale, Math.abs(init.data[i]));
  }
  const stalled = !diverged && moved <= 1e-6 * Math.max(1, scale) && gradNorm > 1e-6;
  const converged = !diverged && !stalled && gradNorm <= 1e-6;
  let message: string;
  if (diverged) {
    message = `diverged: with lr = ${lr} each step overshoots the minimum and f grows${finite ? "" : " until it overflows"}. Try a smaller learning rate.`;
  } else if (stalled) {
    message = `stalled: with lr = ${lr} the steps are so small that x has barely moved (at most ${moved.toExponential(2)}). Try a larger learning rate or more steps.`;
  } else if (converged) {
    message = `converged: the gradient at the final x is ${gradNorm.toExponential(2)}, essentially zero — a minimum (or a flat point) of f.`;
  } else {
    message = `still descending: f went from ${start} to ${finalValue} but the gradient is ${gradNorm.toExponential(2)}; more steps (or a larger learning rate) would get closer.`;
  }
  return { converged, diverged, stalled, message };
}
