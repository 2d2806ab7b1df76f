import { rangeErrorIn, render, type Text, text } from "../i18n";
/**
 * Mini-batch SGD as the book's train_neuralnet.py: each step draws a batch with
 * np.random.choice(train_size, batch_size) (with replacement; or an epoch-shuffle option),
 * computes the gradient (backprop, or the book's numerical gradient for tiny nets), and updates
 *   plain:     W -= lr * g
 *   momentum:  v = m v - lr g;  W += v           (the book's Momentum optimiser, ch. 6)
 *   decay:     g += lambda W for weights only    (L2 weight decay, ch. 6)
 * Optional seeded random shifts of the digits, a learning-rate schedule, the loss every step
 * and train/test accuracy every `evalEvery` steps.
 *
 * Usable three ways: `train(...)` runs to the end with an onProgress callback (return false to
 * stop); `new Trainer(...).events()` is a generator the worker can drive a chunk at a time,
 * yielding between chunks; `trainer.step()` / `trainer.evaluate()` for full control.
 * Same seed and options -> bit-identical weights: every random draw comes from one Random.
 */
import { Random } from "../random";
import { shiftImage } from "./augment";
import { createGradients, type Gradients, gradientSparse } from "./gradient";
import { initNetwork, type WeightInit } from "./init";
import { getKernels, type TrainingSession } from "./kernel-registry";
import { checkLabels, evaluate } from "./metrics";
import {
  type Activation,
  type Arch,
  MNIST_INPUT,
  type Network,
  type Network32,
  toFloat32,
  toFloat64,
  validateNetwork,
} from "./network";
import { numericalNetworkGradient } from "./numerical";
import { sgdUpdate } from "./sgd-update";
import { type Batch, checkBatch, emptySparseRows, type SparseRows, toSparseRows } from "./sparse-rows";
import { createWorkspace, type Workspace } from "./workspace";

export interface LabeledSet {
  x: Batch; // rows of pixels: uint8 0..255 or float 0..1
  t: ArrayLike<number>; // integer labels
}

export interface TrainOptions {
  arch: Arch;
  activation?: Activation; // two-layer; default "sigmoid" (the book's)
  hiddenSize?: number; // default 50
  bias?: boolean; // simple: include b; default true
  steps?: number; // iters_num; default 10000
  batchSize?: number; // default 100
  learningRate?: number; // default 0.1
  lrSchedule?: "constant" | "cosine" | "linear"; // decay from learningRate to 0 over the steps; default constant
  momentum?: number; // default 0 (plain SGD)
  weightDecay?: number; // L2 lambda on weights; default 0
  sampling?: "choice" | "epoch-shuffle"; // default "choice" (with replacement, as the book)
  init?: WeightInit; // default "std"
  weightInitStd?: number; // default 0.01
  shift?: number; // augmentation: each digit moved by up to +-shift pixels in x and y; default 0
  seed?: number; // default 0
  evalEvery?: number; // steps between accuracy evaluations; default iter_per_epoch; 0 = only at the end
  gradient?: "backprop" | "numerical"; // default "backprop"
  initial?: Network; // start from these weights instead of a fresh init
  /**
   * Stop with TrainingDivergedError when a step's loss exceeds this factor times the first
   * step's loss (default 4; 0 disables). The loss itself rarely becomes inf: the book's
   * delta caps it at -log(1e-7) = 16.1, so a learning rate of 1e6 shows up as the loss jumping
   * from ln 10 = 2.3 to 10-16 while the weights grow; non-finite loss or weights always stop.
   */
  divergenceFactor?: number;
}

export type ProgressEvent =
  | { type: "step"; step: number; loss: number; lr: number }
  | { type: "eval"; step: number; trainAccuracy: number; testAccuracy: number | null; testLoss: number | null };

export interface TrainResult {
  network: Network;
  steps: number; // steps completed
  stopped: boolean; // true when onProgress returned false before the end
  lossHistory: number[];
  evals: Extract<ProgressEvent, { type: "eval" }>[];
}

/** Thrown when the loss or the weights stop being finite (e.g. learning rate 1e6). */
export class TrainingDivergedError extends RangeError {
  /** Why, in English; `why` in any language. */
  readonly reason: string;
  readonly text: Text;
  constructor(
    readonly step: number,
    readonly loss: number,
    readonly learningRate: number,
    readonly why: Text,
  ) {
    const m = text("error.in", {
      fn: "train",
      reason: text("train.diverged-core", { step, reason: why, loss, lr: learningRate }),
    });
    super(render("en", m));
    this.name = "TrainingDivergedError";
    this.reason = render("en", why);
    this.text = m;
  }
}

type Resolved = Required<Omit<TrainOptions, "initial" | "activation">> & { activation: Activation };

export function resolveOptions(o: TrainOptions, trainCount: number): Resolved {
  const r: Resolved = {
    arch: o.arch,
    activation: o.activation ?? "sigmoid",
    hiddenSize: o.hiddenSize ?? 50,
    bias: o.bias ?? true,
    steps: o.steps ?? 10000,
    batchSize: o.batchSize ?? 100,
    learningRate: o.learningRate ?? 0.1,
    lrSchedule: o.lrSchedule ?? "constant",
    momentum: o.momentum ?? 0,
    weightDecay: o.weightDecay ?? 0,
    sampling: o.sampling ?? "choice",
    init: o.init ?? "std",
    weightInitStd: o.weightInitStd ?? 0.01,
    shift: o.shift ?? 0,
    seed: o.seed ?? 0,
    evalEvery: o.evalEvery ?? Math.max(Math.floor(trainCount / (o.batchSize ?? 100)), 1),
    gradient: o.gradient ?? "backprop",
    divergenceFactor: o.divergenceFactor ?? 4,
  };
  const int = (name: keyof Resolved, min: number) => {
    const v = r[name] as number;
    if (!Number.isInteger(v) || v < min) throw rangeErrorIn("train", "nn.train-int", { name, min, value: v });
  };
  int("hiddenSize", 1);
  int("steps", 0);
  int("batchSize", 1);
  int("shift", 0);
  int("seed", 0);
  int("evalEvery", 0);
  if (!(r.learningRate > 0 && Number.isFinite(r.learningRate)))
    throw rangeErrorIn("train", "nn.train-lr", { lr: r.learningRate });
  if (!(r.momentum >= 0 && r.momentum < 1)) throw rangeErrorIn("train", "nn.train-momentum", { momentum: r.momentum });
  if (!(r.divergenceFactor >= 0)) throw rangeErrorIn("train", "nn.train-divergence", { value: r.divergenceFactor });
  if (!(r.weightDecay >= 0 && Number.isFinite(r.weightDecay)))
    throw rangeErrorIn("train", "nn.train-decay", { value: r.weightDecay });
  return r;
}

export class Trainer {
  readonly options: Resolved;
  network: Network;
  stepsDone = 0;
  readonly lossHistory: number[] = [];
  readonly evals: Extract<ProgressEvent, { type: "eval" }>[] = [];
  private readonly rng: Random;
  private readonly ws: Workspace;
  private readonly grads: Gradients;
  private readonly velocity: Gradients | null;
  /** The installed kernels' resident run (weights, gradients, velocities in their memory), if any. */
  private readonly session: TrainingSession | null;
  private readonly sparse: SparseRows;
  private readonly batchIdx: Int32Array;
  private readonly batchLabels: Uint8Array;
  private readonly shifted: Batch | null;
  private epochOrder: Int32Array | null = null;
  private epochPos = 0;

  constructor(
    readonly train: LabeledSet,
    readonly test: LabeledSet | null,
    options: TrainOptions,
  ) {
    const o = (this.options = resolveOptions(options, train.x.rows));
    if (train.x.rows < 1) throw rangeErrorIn("train", "nn.train-empty");
    this.rng = new Random(o.seed);
    const net =
      options.initial ??
      initNetwork(
        {
          arch: o.arch,
          activation: o.activation,
          hiddenSize: o.hiddenSize,
          inputSize: train.x.cols,
          bias: o.bias,
          init: o.init,
          weightInitStd: o.weightInitStd,
        },
        this.rng,
      );
    const dims = validateNetwork(net, { inputSize: train.x.cols, outputSize: null });
    checkBatch("train", train.x, dims.input);
    checkLabels("train", train.t, train.x.rows, dims.output);
    if (test) {
      checkBatch("train (test set)", test.x, dims.input);
      checkLabels("train (test set)", test.t, test.x.rows, dims.output);
    }
    if (o.shift > 0 && dims.input !== MNIST_INPUT)
      throw rangeErrorIn("train", "nn.train-shift", { inputs: dims.input });
    // Backprop trains float32 weights (the fast path); numerical gradients use the float64 reference.
    this.network = o.gradient === "numerical" ? toFloat64(net) : options.initial ? toFloat32(net) : net;
    const fast = o.gradient === "backprop" ? getKernels() : null;
    this.session = fast?.trainingSession?.(this.network as Network32, o.batchSize, o.momentum > 0) ?? null;
    if (this.session !== null) this.network = this.session.network;
    this.ws = createWorkspace(dims, o.batchSize);
    this.grads = this.session !== null ? {} : createGradients(this.network); // the session keeps its own
    this.velocity = o.momentum > 0 && this.session === null ? createGradients(this.network) : null;
    this.sparse = emptySparseRows(dims.input, o.batchSize);
    this.batchIdx = new Int32Array(o.batchSize);
    this.batchLabels = new Uint8Array(o.batchSize);
    this.shifted =
      o.shift > 0
        ? {
            data: new (train.x.data.constructor as Uint8ArrayConstructor)(o.batchSize * dims.input),
            rows: o.batchSize,
            cols: dims.input,
          }
        : null;
  }

  get done(): boolean {
    return this.stepsDone >= this.options.steps;
  }

  /** The learning rate of the next step under the schedule. */
  currentLearningRate(): number {
    const { learningRate: lr, lrSchedule, steps } = this.options;
    const f = steps > 0 ? this.stepsDone / steps : 0;
    return lrSchedule === "cosine"
      ? lr * 0.5 * (1 + Math.cos(Math.PI * f))
      : lrSchedule === "linear"
        ? lr * (1 - f)
        : lr;
  }

  private drawBatch(): void {
    const { batchSize, sampling } = this.options;
    const n = this.train.x.rows;
    if (sampling === "choice") {
      this.rng.choice(n, batchSize, this.batchIdx);
    } else {
      for (let i = 0; i < batchSize; i++) {
        if (this.epochOrder === null || this.epochPos >= n) {
          this.epochOrder = this.rng.permutation(n);
          this.epochPos = 0;
        }
        this.batchIdx[i] = this.epochOrder[this.epochPos++];
      }
    }
    for (let i = 0; i < batchSize; i++) this.batchLabels[i] = this.train.t[this.batchIdx[i]];
  }

  /** One SGD step; returns its event (loss of the batch before the update). */
  step(): Extract<ProgressEvent, { type: "step" }> {
    const o = this.options;
    const lr = this.currentLearningRate();
    this.drawBatch();
    const cols = this.train.x.cols;
    let source: Batch = this.train.x;
    let select: Int32Array | undefined = this.batchIdx;
    if (this.shifted) {
      const s = o.shift;
      for (let i = 0; i < o.batchSize; i++) {
        const dx = this.rng.randint(2 * s + 1) - s;
        const dy = this.rng.randint(2 * s + 1) - s;
        shiftImage(this.train.x.data, this.batchIdx[i] * cols, this.shifted.data, i * cols, dx, dy);
      }
      source = this.shifted;
      select = undefined;
    }
    let loss: number;
    if (o.gradient === "numerical") {
      const rows = toSparseRows(source, this.sparse, select, o.batchSize); // gather, then densify in float64
      const x = new Float64Array(o.batchSize * cols);
      for (let r = 0; r < rows.rows; r++)
        for (let k = rows.indptr[r]; k < rows.indptr[r + 1]; k++) x[r * cols + rows.indices[k]] = rows.values[k];
      const res = numericalNetworkGradient(this.network, x, this.batchLabels, o.batchSize);
      for (const name in res.grads) this.grads[name].set(res.grads[name]);
      loss = res.loss;
    } else if (this.session !== null) {
      loss = this.session.gradient(source, select, o.batchSize, this.batchLabels);
    } else {
      toSparseRows(source, this.sparse, select, o.batchSize);
      loss = gradientSparse(this.network, this.sparse, this.batchLabels, this.ws, this.grads);
    }
    const step = this.stepsDone + 1;
    if (!Number.isFinite(loss)) throw new TrainingDivergedError(step, loss, lr, text("train.reason-loss"));
    const first = this.lossHistory.length ? this.lossHistory[0] : loss;
    if (o.divergenceFactor > 0 && loss > o.divergenceFactor * first) {
      throw new TrainingDivergedError(
        step,
        loss,
        lr,
        text("train.reason-growth", { factor: o.divergenceFactor, first }),
      );
    }
    const check = this.session !== null ? this.session.update(lr, o.momentum, o.weightDecay) : this.update(lr);
    if (!Number.isFinite(check)) throw new TrainingDivergedError(step, loss, lr, text("train.reason-weights"));
    this.stepsDone = step;
    this.lossHistory.push(loss);
    return { type: "step", step, loss, lr };
  }

  /** The update on the gradients in this.grads (weight decay on weights only); returns the sum of the new params. */
  private update(lr: number): number {
    const o = this.options;
    let check = 0;
    for (const name in this.grads) {
      const decay = name.startsWith("W") ? o.weightDecay : 0;
      check += sgdUpdate(
        this.network.params[name].data,
        this.grads[name],
        this.velocity?.[name] ?? null,
        lr,
        o.momentum,
        decay,
      );
    }
    return check;
  }

  /** Accuracy on the whole training set and the test set (the book's per-epoch check). */
  evaluate(): Extract<ProgressEvent, { type: "eval" }> {
    const tr = evaluate(this.network, this.train.x, this.train.t);
    const te = this.test ? evaluate(this.network, this.test.x, this.test.t) : null;
    const e = {
      type: "eval" as const,
      step: this.stepsDone,
      trainAccuracy: tr.accuracy,
      testAccuracy: te?.accuracy ?? null,
      testLoss: te?.loss ?? null,
    };
    this.evals.push(e);
    return e;
  }

  /** Steps to the end, yielding every step event and an eval event every evalEvery steps and at the end. */
  *events(): Generator<ProgressEvent, void, undefined> {
    const every = this.options.evalEvery;
    while (!this.done) {
      yield this.step();
      if ((every > 0 && this.stepsDone % every === 0) || this.done) yield this.evaluate();
    }
  }

  result(stopped = false): TrainResult {
    return { network: this.network, steps: this.stepsDone, stopped, lossHistory: this.lossHistory, evals: this.evals };
  }
}

/** Trains to the end, or until onProgress returns false. */
export function train(
  trainSet: LabeledSet,
  testSet: LabeledSet | null,
  options: TrainOptions,
  onProgress?: (e: ProgressEvent) => boolean | void,
): TrainResult {
  const trainer = new Trainer(trainSet, testSet, options);
  for (const e of trainer.events()) {
    if (onProgress && onProgress(e) === false) return trainer.result(true);
  }
  return trainer.result(false);
}
