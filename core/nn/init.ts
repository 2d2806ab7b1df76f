/**
 * Weight initialisation, as the book's TwoLayerNet.__init__: weights are
 * weight_init_std * np.random.randn(fan_in, fan_out), biases zeros, drawn in the order
 * W1, W2 (or W). "he" uses std = sqrt(2 / fan_in) (for ReLU), "xavier" std = sqrt(1 / fan_in).
 */
import type { Random } from "../random";
import { type Activation, type Arch, MNIST_CLASSES, MNIST_INPUT, type Network32 } from "./network";

export type WeightInit = "std" | "he" | "xavier";

export interface InitOptions {
  arch: Arch;
  activation?: Activation; // two-layer only; default sigmoid (the book's)
  hiddenSize?: number; // default 50
  inputSize?: number; // default 784
  outputSize?: number; // default 10
  bias?: boolean; // simple only: include b; default true
  init?: WeightInit; // default "std"
  weightInitStd?: number; // default 0.01 (used by "std")
}

export function initStd(init: WeightInit, fanIn: number, weightInitStd: number): number {
  return init === "he" ? Math.sqrt(2 / fanIn) : init === "xavier" ? Math.sqrt(1 / fanIn) : weightInitStd;
}

export function initNetwork(options: InitOptions, rng: Random): Network32 {
  const D = options.inputSize ?? MNIST_INPUT;
  const C = options.outputSize ?? MNIST_CLASSES;
  const init = options.init ?? "std";
  const std0 = options.weightInitStd ?? 0.01;
  const weights = (rows: number, cols: number) => ({
    shape: [rows, cols],
    data: rng.fillNormal(new Float32Array(rows * cols), initStd(init, rows, std0)) as Float32Array,
  });
  const zeros = (n: number) => ({ shape: [n], data: new Float32Array(n) });
  if (options.arch === "simple") {
    const W = weights(D, C);
    return { arch: "simple", params: options.bias === false ? { W } : { W, b: zeros(C) } };
  }
  const H = options.hiddenSize ?? 50;
  const W1 = weights(D, H);
  const W2 = weights(H, C);
  return {
    arch: "two-layer",
    activation: options.activation ?? "sigmoid",
    params: { W1, b1: zeros(H), W2, b2: zeros(C) },
  };
}
