import { type Text, text } from "../i18n";

/**
 * model_accuracy problems: the student's trained network is evaluated on the held-out digits
 * and earns the credit of the highest threshold its accuracy reaches.
 */
export interface Threshold {
  accuracy: number;
  /** Fraction of the problem's points, 0..1. */
  credit: number;
}

export const DEFAULT_THRESHOLDS: Threshold[] = [
  { accuracy: 0.9, credit: 1 },
  { accuracy: 0.85, credit: 0.75 },
  { accuracy: 0.8, credit: 0.5 },
];

export function thresholdsOf(params: Record<string, unknown> = {}): Threshold[] {
  const raw = params.thresholds ?? DEFAULT_THRESHOLDS;
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 20) {
    throw new RangeError("params.thresholds must be a list of 1 to 20 {accuracy, credit} entries");
  }
  return raw
    .map((t, i) => {
      const { accuracy, credit } = (t ?? {}) as Record<string, unknown>;
      if (
        typeof accuracy !== "number" ||
        accuracy < 0 ||
        accuracy > 1 ||
        typeof credit !== "number" ||
        credit < 0 ||
        credit > 1
      ) {
        throw new RangeError(`params.thresholds[${i}] must be {accuracy: 0..1, credit: 0..1}`);
      }
      return { accuracy, credit };
    })
    .sort((a, b) => b.accuracy - a.accuracy);
}

export function accuracyStatement(thresholds: Threshold[]): Text {
  const tiers = thresholds.map((t) =>
    text("statement.model_accuracy.tier", { accuracy: t.accuracy, percent: Math.round(t.credit * 100) }),
  );
  return text("statement.model_accuracy", { tiers: { join: "; ", items: tiers } });
}

/** The credit fraction earned by an accuracy (0 below every threshold). */
export function accuracyCredit(accuracy: number, thresholds: Threshold[]): number {
  for (const t of thresholds) if (accuracy >= t.accuracy) return t.credit;
  return 0;
}
