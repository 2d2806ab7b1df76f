/**
 * The cost of a training job, computed before it starts so the API can refuse jobs over its cap.
 * The CPU estimate (estimatedMs) comes from the calibrated models of core/cost/training.ts:
 * setup, steps (backprop or the book's numerical gradient) and evaluations, each costed from
 * what drives it (batch, hidden units, non-zero pixels of the digits, parameters). The
 * multiply-add count is kept as a size the learner can read:
 *   forward per digit:  D*H + H*C   (simple: D*C)
 *   backprop per digit: 3x the forward (forward, dW, and the backward through the layers)
 *   numerical gradient: 2 forwards of the batch per parameter, per step (the book's method)
 *   evaluations:        a forward of train + test sets every evalEvery steps and at the end
 */
import { estimateTraining, parameterCount } from "../cost/training";
import { MNIST_INPUT } from "./network";
import { resolveOptions, type TrainOptions } from "./train";

export interface TrainingCost {
  parameters: number;
  multiplyAdds: number;
  perStep: number;
  evaluations: number;
  /** CPU milliseconds the calibrated model expects (an upper estimate: see core/cost). */
  estimatedMs: number;
}

/** Dense-equivalent multiply-adds per millisecond, the unit the work cap is stated in. */
export const MACS_PER_MS = 4e6;
/** The float64 reference (numerical mode) is dense and unblocked. */
export const REFERENCE_MACS_PER_MS = 5e5;

export interface TrainingData {
  trainCount: number;
  testCount?: number;
  /** Mean non-zero pixels per digit (core/cost/training meanPixels); dense (inputSize) when unknown. */
  trainPixels?: number;
  testPixels?: number;
  inputSize?: number;
  classes?: number;
}

export function estimateTrainingCost(options: TrainOptions, data: TrainingData): TrainingCost {
  const o = resolveOptions(options, data.trainCount);
  const D = data.inputSize ?? MNIST_INPUT;
  const C = data.classes ?? 10;
  const H = o.hiddenSize;
  const forward = o.arch === "simple" ? D * C : D * H + H * C;
  const parameters = parameterCount(o.arch, D, H, C);
  const perStep =
    o.gradient === "numerical"
      ? 2 * parameters * o.batchSize * forward + o.batchSize * forward
      : 3 * o.batchSize * forward;
  const evaluations =
    o.steps === 0
      ? 0
      : (o.evalEvery > 0 ? Math.floor(o.steps / o.evalEvery) : 0) +
        (o.evalEvery > 0 && o.steps % o.evalEvery === 0 ? 0 : 1);
  const evalMacs = evaluations * (data.trainCount + (data.testCount ?? 0)) * forward;
  const estimate = estimateTraining(
    {
      arch: o.arch,
      hiddenSize: H,
      batchSize: o.batchSize,
      steps: o.steps,
      evaluations,
      shift: o.shift,
      momentum: o.momentum,
      gradient: o.gradient,
    },
    {
      trainCount: data.trainCount,
      testCount: data.testCount ?? 0,
      trainPixels: data.trainPixels ?? D,
      testPixels: data.testPixels ?? D,
      inputSize: D,
      classes: C,
    },
  );
  return {
    parameters,
    multiplyAdds: o.steps * perStep + evalMacs,
    perStep,
    evaluations,
    estimatedMs: estimate.totalMs,
  };
}
