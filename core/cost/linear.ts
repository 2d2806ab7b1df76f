/**
 * A cost model linear in named features, y = Σ coefficient_i × feature_i, in nanoseconds of CPU.
 * The coefficients are fitted by scripts/calibrate-costs.ts (least squares on relative error,
 * none negative) and stored in calibration.json with a margin over the fit that covers the
 * scatter of the calibration runs: predictNs includes it.
 */
export interface LinearModel {
  features: readonly string[];
  /** Nanoseconds per unit of each feature, in the order of `features`. */
  ns: readonly number[];
  /** Factor over the fit that covers the largest measured/fitted ratio of the calibration runs. */
  margin: number;
}

export function predictNs(model: LinearModel, values: Readonly<Record<string, number>>): number {
  let total = 0;
  for (let i = 0; i < model.features.length; i++) {
    const v = values[model.features[i]];
    if (v === undefined) throw new RangeError(`predictNs: no value for feature ${model.features[i]}`);
    total += model.ns[i] * v;
  }
  return total * model.margin;
}
