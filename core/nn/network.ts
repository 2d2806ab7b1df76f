import { rangeErrorIn } from "../i18n";
/**
 * The two architectures and their parameters, named as the book's `network.params` so that an
 * upload made by `np.savez(f, **network.params)` maps 1:1:
 *   simple:    W (D x C), optional b (C)            y = softmax(x W + b)
 *   two-layer: W1 (D x H), b1 (H), W2 (H x C), b2 (C) y = softmax(act(x W1 + b1) W2 + b2)
 * Matrices are row-major as numpy's, so W1[p, :] (one input pixel's weights) is contiguous.
 */
import { shapeString } from "../ndarray";

export interface Tensor {
  shape: number[];
  data: Float32Array | Float64Array;
}

export const ARCHS = ["simple", "two-layer"] as const;
export type Arch = (typeof ARCHS)[number];
export const ACTIVATIONS = ["sigmoid", "relu"] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export function isArch(v: unknown): v is Arch {
  return (ARCHS as readonly unknown[]).includes(v);
}

export function isActivation(v: unknown): v is Activation {
  return (ACTIVATIONS as readonly unknown[]).includes(v);
}

export interface Network {
  arch: Arch;
  activation?: Activation;
  params: Record<string, Tensor>;
}

/** A network whose params are all float32 (what the fast path computes with). */
export interface Network32 extends Network {
  params: Record<string, { shape: number[]; data: Float32Array }>;
}

/** Pixels of one MNIST digit (28 x 28): the networks' input size. The one place 784 is written. */
export const MNIST_INPUT = 784;
export const MNIST_CLASSES = 10;

export interface Dims {
  input: number;
  hidden: number; // 0 for simple
  output: number;
}

/** The parameter names of an architecture in storage order. */
export function paramNames(arch: Arch, hasBias = true): string[] {
  return arch === "simple" ? (hasBias ? ["W", "b"] : ["W"]) : ["W1", "b1", "W2", "b2"];
}

/** Sizes read off the weights (no validation; call validateNetwork first). */
export function networkDims(net: Network): Dims {
  if (net.arch === "simple") {
    const [input, output] = net.params.W.shape;
    return { input, hidden: 0, output };
  }
  const [input, hidden] = net.params.W1.shape;
  return { input, hidden, output: net.params.W2.shape[1] };
}

export interface ValidateOptions {
  /** Required input size; default 784. null accepts any (tiny nets in tests and numerical training). */
  inputSize?: number | null;
  /** Required number of classes; default 10. null accepts any. */
  outputSize?: number | null;
  /** Scan every value for NaN/inf (default true). The per-request fast path passes false: a
   * 784-50-10 scan costs ~40 us, more than predicting one digit; check once on upload/decode. */
  finite?: boolean;
}

/**
 * Dims of deeply frozen networks (network, params, tensors and shape arrays frozen, as
 * residentNetwork's copies are) that passed validation: they cannot change shape, so the
 * per-request path checks them once. Only the structural checks are cached, never finiteness.
 */
const validatedFrozen = new WeakMap<Network, Dims>();

function isDeepFrozen(net: Network): boolean {
  if (!Object.isFrozen(net) || !Object.isFrozen(net.params)) return false;
  for (const t of Object.values(net.params)) if (!Object.isFrozen(t) || !Object.isFrozen(t.shape)) return false;
  return true;
}

/**
 * Checks arch, activation, param names, shapes, data lengths and finiteness; throws RangeError
 * (TypeError for wrong kinds) naming the param and the shapes. Returns the dims.
 */
export function validateNetwork(net: Network, options: ValidateOptions = {}): Dims {
  if (options.finite === false && typeof net === "object" && net !== null) {
    const d = validatedFrozen.get(net);
    const inputSize = options.inputSize === undefined ? MNIST_INPUT : options.inputSize;
    const outputSize = options.outputSize === undefined ? MNIST_CLASSES : options.outputSize;
    if (
      d !== undefined &&
      (inputSize === null || d.input === inputSize) &&
      (outputSize === null || d.output === outputSize)
    )
      return d;
    const dims = validateStructure(net, options);
    if (isDeepFrozen(net)) validatedFrozen.set(net, Object.freeze(dims));
    return dims;
  }
  return validateStructure(net, options);
}

const FN = "validateNetwork";

function validateStructure(net: Network, options: ValidateOptions): Dims {
  const inputSize = options.inputSize === undefined ? MNIST_INPUT : options.inputSize;
  const outputSize = options.outputSize === undefined ? MNIST_CLASSES : options.outputSize;
  if (net === null || typeof net !== "object") throw new TypeError("validateNetwork: network must be an object");
  if (net.arch !== "simple" && net.arch !== "two-layer") {
    throw rangeErrorIn(FN, "nn.arch", { arch: JSON.stringify(net.arch) });
  }
  if (
    net.arch === "two-layer" &&
    net.activation !== undefined &&
    net.activation !== "sigmoid" &&
    net.activation !== "relu"
  ) {
    throw rangeErrorIn(FN, "nn.activation", { activation: JSON.stringify(net.activation) });
  }
  const params = net.params;
  if (params === null || typeof params !== "object") throw new TypeError("validateNetwork: params must be an object");
  const names = Object.keys(params);
  const allowed = net.arch === "simple" ? ["W", "b"] : ["W1", "b1", "W2", "b2"];
  const required = net.arch === "simple" ? ["W"] : allowed;
  for (const n of names) {
    if (!allowed.includes(n)) {
      throw rangeErrorIn(FN, "nn.unexpected-param", { name: n, arch: net.arch, allowed: allowed.join(", ") });
    }
  }
  for (const n of required) {
    if (!(n in params)) throw rangeErrorIn(FN, "nn.missing-param", { name: n, arch: net.arch });
  }
  for (const n of names) {
    const t = params[n];
    if (!t || !Array.isArray(t.shape) || !(t.data instanceof Float32Array || t.data instanceof Float64Array)) {
      throw new TypeError(`validateNetwork: param "${n}" must be {shape: number[], data: Float32Array | Float64Array}`);
    }
    const expectedRank = n.startsWith("W") ? 2 : 1;
    if (t.shape.length !== expectedRank || t.shape.some((d) => !Number.isInteger(d) || d < 1)) {
      throw rangeErrorIn(FN, "nn.param-rank", { name: n, rank: expectedRank, shape: shapeString(t.shape) });
    }
    const n_ = t.shape.reduce((a, b) => a * b, 1);
    if (t.data.length !== n_) {
      throw rangeErrorIn(FN, "nn.param-count", { name: n, n: t.data.length, shape: shapeString(t.shape) });
    }
    if (options.finite !== false)
      for (let i = 0; i < t.data.length; i++) {
        if (!Number.isFinite(t.data[i])) throw rangeErrorIn(FN, "nn.param-finite", { name: n, index: i });
      }
  }
  const expect = (name: string, shape: number[]): void => {
    const got = params[name].shape;
    if (got.length !== shape.length || got.some((d, i) => d !== shape[i])) {
      throw rangeErrorIn(FN, "nn.param-shape", { name, got: shapeString(got), expected: shapeString(shape) });
    }
  };
  const first = net.arch === "simple" ? "W" : "W1";
  const [input, second] = params[first].shape;
  if (inputSize !== null && input !== inputSize) {
    throw rangeErrorIn(FN, "nn.param-inputs", {
      name: first,
      shape: shapeString(params[first].shape),
      inputs: inputSize,
    });
  }
  if (net.arch === "simple") {
    if (outputSize !== null && second !== outputSize) expect("W", [input, outputSize]);
    if ("b" in params) expect("b", [second]);
    return { input, hidden: 0, output: second };
  }
  const hidden = second;
  expect("b1", [hidden]);
  const output = params.W2.shape[1];
  expect("W2", [hidden, outputSize ?? output]);
  expect("b2", [output]);
  return { input, hidden, output };
}

/** A float32 copy of the network (the fast path's form); float32 params are copied too. */
export function toFloat32(net: Network): Network32 {
  const params: Network32["params"] = {};
  for (const [name, t] of Object.entries(net.params))
    params[name] = { shape: [...t.shape], data: Float32Array.from(t.data) };
  return { arch: net.arch, ...(net.arch === "two-layer" ? { activation: net.activation ?? "sigmoid" } : {}), params };
}

/** A float64 copy of the network (the reference path's form). */
export function toFloat64(net: Network): Network {
  const params: Network["params"] = {};
  for (const [name, t] of Object.entries(net.params))
    params[name] = { shape: [...t.shape], data: Float64Array.from(t.data) };
  return { arch: net.arch, ...(net.arch === "two-layer" ? { activation: net.activation ?? "sigmoid" } : {}), params };
}

/** The params as float32 without copying when they already are (the fast path reads, never writes, them). */
export function asFloat32(net: Network): Network32 {
  for (const name in net.params) if (!(net.params[name].data instanceof Float32Array)) return toFloat32(net);
  return net as Network32;
}
