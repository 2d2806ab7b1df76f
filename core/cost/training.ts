/**
 * CPU cost of a training job (core/nn/train) in milliseconds, estimated before it starts from
 * what drives it, each part with its own calibrated model (calibration.json):
 *   setup       initialising the weights:                  parameters
 *   step        one SGD step of backprop:                  per step; per digit of the batch (sparse
 *               conversion, softmax), with shifts; per digit × hidden unit; per input pixel ×
 *               hidden unit (the sparse first layer), more once a batch outgrows the cache; per
 *               pixel when the hidden layer is too small for the Wasm kernels (under 4 units);
 *               per parameter (the update), with momentum
 *   evaluation  accuracy on the train and test digits:     per digit; per digit × hidden unit; per
 *               pixel × hidden unit
 *   numerical   one step of the book's numerical gradient: per multiply-add of the float64
 *               forward passes; per perturbation
 * "pixels" are the non-zero inputs of a digit (about 150 for MNIST, 784 for dense posted data),
 * so posted data costs what it really costs. The simple net is costed as a two-layer net with
 * 10 hidden units (its 784x10 layer is the same work).
 */
import { MNIST_INPUT } from "../nn/network";
import calibration from "./calibration.json";
import { type LinearModel, predictNs } from "./linear";

export interface TrainingShape {
  arch: "simple" | "two-layer";
  hiddenSize: number;
  batchSize: number;
  steps: number;
  /** Evaluations of the whole train and test sets (every evalEvery steps and at the end). */
  evaluations: number;
  shift: number;
  momentum: number;
  gradient: "backprop" | "numerical";
}

export interface DataShape {
  trainCount: number;
  testCount: number;
  /** Mean non-zero pixels per digit of the train and test sets. */
  trainPixels: number;
  testPixels: number;
  inputSize?: number;
  classes?: number;
}

export interface TrainingEstimate {
  setupMs: number;
  stepMs: number;
  evaluationMs: number;
  totalMs: number;
}

const MODELS = calibration.training as Record<"setup" | "step" | "evaluation" | "numerical", LinearModel>;

export function parameterCount(arch: "simple" | "two-layer", D: number, H: number, C: number): number {
  return arch === "simple" ? D * C + C : D * H + H + H * C + C;
}

/** Below this many hidden units the Wasm kernels decline and the TypeScript kernels run. */
const WASM_MIN_HIDDEN = 4;
/** Non-zero pixels of a batch past which its first layer no longer fits in cache (measured). */
const SPILL_PIXELS = 250_000;

export function stepFeatures(
  hidden: number,
  batch: number,
  pixels: number,
  parameters: number,
  shift: number,
  momentum: number,
): Record<string, number> {
  const pixelUnits = batch * hidden * pixels;
  return {
    constant: 1,
    digits: batch,
    shiftedDigits: shift > 0 ? batch : 0,
    digitUnits: batch * hidden,
    pixelUnits,
    spilledPixelUnits: batch * pixels > SPILL_PIXELS ? pixelUnits : 0,
    fallbackPixels: hidden < WASM_MIN_HIDDEN ? batch * pixels : 0,
    parameters,
    momentumParameters: momentum > 0 ? parameters : 0,
  };
}

export function evaluationFeatures(hidden: number, digits: number, pixels: number): Record<string, number> {
  return {
    constant: 1,
    digits,
    digitUnits: digits * hidden,
    pixelUnits: digits * hidden * pixels,
    fallbackPixels: hidden < WASM_MIN_HIDDEN ? digits * pixels : 0,
  };
}

export function numericalFeatures(
  D: number,
  hidden: number,
  C: number,
  batch: number,
  parameters: number,
): Record<string, number> {
  const forward = D * hidden + hidden * C; // dense float64 multiply-adds per digit
  return { constant: 1, multiplyAdds: (2 * parameters + 1) * batch * forward, perturbations: 2 * parameters };
}

export function estimateTraining(job: TrainingShape, data: DataShape): TrainingEstimate {
  const D = data.inputSize ?? MNIST_INPUT;
  const C = data.classes ?? 10;
  const H = job.arch === "simple" ? C : job.hiddenSize;
  const P = parameterCount(job.arch, D, job.hiddenSize, C);
  const setupNs = predictNs(MODELS.setup, { constant: 1, parameters: P });
  const stepNs =
    job.gradient === "numerical"
      ? predictNs(MODELS.numerical, numericalFeatures(D, H, C, job.batchSize, P))
      : predictNs(MODELS.step, stepFeatures(H, job.batchSize, data.trainPixels, P, job.shift, job.momentum));
  const evaluationNs =
    predictNs(MODELS.evaluation, evaluationFeatures(H, data.trainCount, data.trainPixels)) +
    (data.testCount > 0 ? predictNs(MODELS.evaluation, evaluationFeatures(H, data.testCount, data.testPixels)) : 0);
  const m = 1 / 1e6;
  const setupMs = setupNs * m;
  const stepMs = stepNs * m;
  const evaluationMs = evaluationNs * m;
  return { setupMs, stepMs, evaluationMs, totalMs: setupMs + job.steps * stepMs + job.evaluations * evaluationMs };
}

/** Mean non-zero values per row of a batch of digits (what the sparse first layer reads). */
export function meanPixels(data: ArrayLike<number>, rows: number, cols: number): number {
  if (rows === 0) return cols;
  let nonZero = 0;
  const n = rows * cols;
  for (let i = 0; i < n; i++) if (data[i] !== 0) nonZero++;
  return nonZero / rows;
}
