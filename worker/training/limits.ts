import { text } from "../../core/i18n";
/**
 * Caps of the training jobs, checked before any work starts.
 *
 * The work of a job is its estimated CPU time (core/nn/cost.ts, from the calibrated models of
 * core/cost: setup, steps, evaluations) stated in fast-path multiply-adds at MACS_PER_MS = 4e6
 * per millisecond. The cap, 8e10, is 20 s of estimated CPU: inside a Workers paid plan's default
 * CPU limit of 30 s with a third to spare, and the estimate sits above the measured CPU (npm run
 * budgets checks it). Longer classroom jobs: raise `limits.cpu_ms` in wrangler.jsonc and
 * TRAIN_LIMITS.maxWork together.
 */
import {
  estimateTrainingCost,
  MACS_PER_MS,
  REFERENCE_MACS_PER_MS,
  type TrainingCost,
  type TrainingData,
} from "../../core/nn/cost";
import type { TrainOptions } from "../../core/nn/train";
import { type Message, Problem } from "../http/problem";

export const TRAIN_LIMITS = {
  /** Fast-path-equivalent multiply-adds of one job (~20 s of CPU at MACS_PER_MS). */
  maxWork: 8e10,
  /** Steps of one job, whatever their size (the loss curve has one number per step). */
  maxSteps: 100_000,
  maxBatchSize: 1_000,
  maxShift: 4,
  /** Posted training digits (JSON {x, t}); 4,000 rows of 784 numbers. */
  maxRows: 4_000,
  /** JSON body of /v1/train: 4,000 digits of float text. */
  maxJsonBytes: 48 << 20,
  /** Loss values returned per job; longer curves are averaged over buckets of steps. */
  maxCurve: 10_000,
} as const;

export interface JobCost extends TrainingCost {
  /** Fast-path-equivalent multiply-adds: what the cap is compared with. */
  work: number;
  cap: number;
}

const fmt = (n: number): string => n.toExponential(2).replace("e+", "e");
const seconds = (ms: number): string => (ms >= 1e5 ? `${fmt(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`);

/** The job's estimated work; a 422 stating estimate and cap when it is over. */
export function checkTrainingCost(
  options: TrainOptions,
  data: TrainingData,
  pointer = "/steps",
  /** CPU before training starts that the cost model does not see (reading the splits from R2). */
  loadMs = 0,
): JobCost {
  const model = estimateTrainingCost(options, data);
  const cost = { ...model, estimatedMs: model.estimatedMs + loadMs };
  const work = cost.estimatedMs * MACS_PER_MS;
  const cap = TRAIN_LIMITS.maxWork;
  const result = { ...cost, work, cap };
  if (work <= cap) return result;
  const capMs = cap / MACS_PER_MS;
  let detail: Message = text("train.cost", {
    work: fmt(work),
    seconds: seconds(cost.estimatedMs),
    cap: fmt(cap),
    cap_seconds: seconds(capMs),
    rate: fmt(MACS_PER_MS),
  });
  let message: Message = text("train.cost-field", { work: fmt(work), cap: fmt(cap) });
  let where = pointer;
  if (options.gradient === "numerical") {
    const backprop = estimateTrainingCost({ ...options, gradient: "backprop" }, data);
    const factor = Math.round(cost.perStep / backprop.perStep); // (2P + 1) / 3 for P parameters
    const slower = (factor * MACS_PER_MS) / REFERENCE_MACS_PER_MS;
    const numerical = text("train.cost-numerical", {
      parameters: cost.parameters,
      factor: factor.toLocaleString("en-US"),
      slower: Math.round(slower).toLocaleString("en-US"),
    });
    detail = text("train.cost-then", { cost: detail, note: numerical });
    message = text("train.cost-numerical-field", { factor: factor.toLocaleString("en-US") });
    where = "/gradient";
  }
  throw new Problem(422, detail, {
    errors: [{ pointer: where, message }],
    extra: { estimate: work, cap, estimated_ms: Math.round(cost.estimatedMs), cap_ms: capMs },
  });
}
