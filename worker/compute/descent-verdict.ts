import { DEFAULT_LANG, type Lang, t } from "../../core/i18n";
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

export function descentVerdict(
  init: NDArray,
  x: NDArray,
  values: number[],
  finalValue: number,
  gradNorm: number,
  lr: number,
  lang: Lang = DEFAULT_LANG,
): Verdict {
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
    message = t(lang, finite ? "verdict.diverged" : "verdict.diverged-overflow", { lr });
  } else if (stalled) {
    message = t(lang, "verdict.stalled", { lr, moved: moved.toExponential(2) });
  } else if (converged) {
    message = t(lang, "verdict.converged", { grad: gradNorm.toExponential(2) });
  } else {
    message = t(lang, "verdict.descending", { start, end: finalValue, grad: gradNorm.toExponential(2) });
  }
  return { converged, diverged, stalled, message };
}
