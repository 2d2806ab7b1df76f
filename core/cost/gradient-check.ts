/**
 * CPU cost of POST /v1/gradient-check in milliseconds: the numerical gradient perturbs every
 * parameter twice and recomputes what the perturbation changes for every sample (first layer:
 * D + H*C + C operations; second layer: H + C), plus the float64 and float32 backprop passes.
 * Fitted by scripts/calibrate-costs.ts (calibration.json).
 */
import calibration from "./calibration.json";
import { type LinearModel, predictNs } from "./linear";

const MODEL = calibration.gradientCheck as LinearModel;

/** Operations of the numerical gradient (the count the route states). */
export function gradientCheckWork(D: number, H: number, C: number, rows: number, arch: "simple" | "two-layer"): number {
  if (arch === "simple") return 2 * (D * C + C) * rows * (D + C);
  const first = (D * H + H) * rows * (D + H * C + C);
  const second = (H * C + C) * rows * (H + C);
  return 2 * (first + second);
}

export function gradientCheckFeatures(
  D: number,
  H: number,
  C: number,
  rows: number,
  arch: "simple" | "two-layer",
): Record<string, number> {
  const parameters = arch === "simple" ? D * C + C : D * H + H + H * C + C;
  return { constant: 1, operations: gradientCheckWork(D, H, C, rows, arch), perturbations: 2 * parameters * rows };
}

export function estimateGradientCheckMs(
  D: number,
  H: number,
  C: number,
  rows: number,
  arch: "simple" | "two-layer",
): number {
  return predictNs(MODEL, gradientCheckFeatures(D, H, C, rows, arch)) / 1e6;
}
