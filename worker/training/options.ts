/**
 * The options of POST /v1/train, named as the book's train_neuralnet.py where it has a name
 * (iters_num, batch_size, learning_rate, hidden_size, weight_init_std; `steps` and `lr` are
 * accepted as other names), mapped onto core/nn/train's TrainOptions. The defaults are a recipe that reaches 96% on the held-out
 * digits inside the work cap (the default model's recipe, fixtures/models/mnist-two-layer.json,
 * with 4,000 steps instead of 12,000 and shifts of +-1 pixel instead of 2); the book's own
 * values are named in each description.
 */
import { z } from "@hono/zod-openapi";
import type { TrainOptions } from "../../core/nn/train";
import { ActivationSchema, ArchSchema } from "../models/schema";
import { MODEL_LIMITS } from "../models/store";
import { TRAIN_LIMITS } from "./limits";

export const TRAIN_DEFAULTS = {
  arch: "two-layer",
  activation: "relu",
  hidden_size: 50,
  iters_num: 4000,
  batch_size: 100,
  learning_rate: 0.05,
  lr_schedule: "cosine",
  momentum: 0.9,
  weight_decay: 1e-4,
  sampling: "epoch-shuffle",
  init: "he",
  weight_init_std: 0.01,
  shift: 1,
  seed: 1,
  gradient: "backprop",
} as const;

const int = (min: number, max: number, description: string) =>
  z.number().int().min(min).max(max).optional().openapi({ description });
const itersNum = (description: string) => int(1, TRAIN_LIMITS.maxSteps, description);
const learningRate = () => z.number().positive().finite().optional();

/** Earlier names still accepted (alias -> the book's name); sending both is a 422. */
export const TRAIN_ALIASES = { steps: "iters_num", lr: "learning_rate" } as const;

/** Everything but the data (x, t, scale) and save_as. */
export const TrainOptionFields = {
  arch: ArchSchema.optional().openapi({
    description:
      "simple (softmax(xW + b), the book's simpleNet grown to MNIST) or two-layer (the book's TwoLayerNet). Default two-layer.",
  }),
  activation: ActivationSchema.optional().openapi({
    description: "Hidden activation of two-layer. Default relu (the book's TwoLayerNet uses sigmoid).",
  }),
  hidden_size: int(
    1,
    MODEL_LIMITS.maxHidden,
    `Hidden units of two-layer (book: 50). Default 50, at most ${MODEL_LIMITS.maxHidden}.`,
  ),
  bias: z.boolean().optional().openapi({ description: "simple: include b. Default true." }),
  iters_num: itersNum(
    `SGD steps iters_num (book: 10000; also accepted as steps). Default 4000; at most ${TRAIN_LIMITS.maxSteps} and within the work cap.`,
  ),
  batch_size: int(
    1,
    TRAIN_LIMITS.maxBatchSize,
    `Mini-batch size (book: 100). Default 100; at most ${TRAIN_LIMITS.maxBatchSize}.`,
  ),
  learning_rate: learningRate().openapi({
    description: "Learning rate learning_rate (book: 0.1; also accepted as lr). Default 0.05.",
  }),
  lr_schedule: z
    .enum(["constant", "cosine", "linear"])
    .optional()
    .openapi({ description: "Decay of learning_rate to 0 over the steps. Default cosine (book: constant)." }),
  momentum: z
    .number()
    .min(0)
    .lt(1)
    .optional()
    .openapi({ description: "Momentum of SGD (ch. 6's Momentum), 0 = plain SGD as the book's ch. 4. Default 0.9." }),
  weight_decay: z
    .number()
    .min(0)
    .finite()
    .optional()
    .openapi({ description: "L2 weight decay lambda on the weights (ch. 6). Default 1e-4 (book ch. 4: 0)." }),
  sampling: z.enum(["choice", "epoch-shuffle"]).optional().openapi({
    description:
      "choice: np.random.choice with replacement, as the book; epoch-shuffle: every digit once per epoch. Default epoch-shuffle.",
  }),
  init: z
    .enum(["std", "he", "xavier"])
    .optional()
    .openapi({ description: "Weight init: std (weight_init_std * randn, the book's), he, xavier. Default he." }),
  weight_init_std: z
    .number()
    .positive()
    .finite()
    .optional()
    .openapi({ description: "Std of the 'std' init (book: 0.01)." }),
  shift: int(
    0,
    TRAIN_LIMITS.maxShift,
    `Augmentation: each digit moved by up to +-shift pixels. Default 1; at most ${TRAIN_LIMITS.maxShift}.`,
  ),
  seed: int(0, 0xffffffff, "Seed of the init, the batches and the shifts: same seed, same weights. Default 1."),
  eval_every: int(
    0,
    TRAIN_LIMITS.maxSteps,
    "Steps between train/test accuracy evaluations (book: once per epoch). Default iters_num/10; 0 = only at the end.",
  ),
  gradient: z.enum(["backprop", "numerical"]).optional().openapi({
    description:
      "backprop, or the book's numerical_gradient (2 forward passes per parameter per step: only for tiny nets, e.g. simple on a few posted pixels).",
  }),
  progress_every: int(
    1,
    TRAIN_LIMITS.maxSteps,
    "Streaming mode: steps between progress events. Default iters_num/100.",
  ),
  steps: itersNum("Another name for iters_num.").openapi({ deprecated: true }),
  lr: learningRate().openapi({ description: "Another name for learning_rate.", deprecated: true }),
};

/** The options as the request spells them (snake_case), from the schema itself. */
export type TrainRequestOptions = z.infer<z.ZodObject<typeof TrainOptionFields>>;

/** core's TrainOptions with every option a request can set filled in. */
export type FilledTrainOptions = TrainOptions & Required<Omit<TrainOptions, "initial" | "divergenceFactor">>;

/** The request's options with defaults filled in, as core's TrainOptions. */
export function toTrainOptions(body: TrainRequestOptions): FilledTrainOptions {
  const d = TRAIN_DEFAULTS;
  const steps = body.iters_num ?? body.steps ?? d.iters_num;
  return {
    arch: body.arch ?? d.arch,
    activation: body.activation ?? d.activation,
    hiddenSize: body.hidden_size ?? d.hidden_size,
    bias: body.bias ?? true,
    steps,
    batchSize: body.batch_size ?? d.batch_size,
    learningRate: body.learning_rate ?? body.lr ?? d.learning_rate,
    lrSchedule: body.lr_schedule ?? d.lr_schedule,
    momentum: body.momentum ?? d.momentum,
    weightDecay: body.weight_decay ?? d.weight_decay,
    sampling: body.sampling ?? d.sampling,
    init: body.init ?? d.init,
    weightInitStd: body.weight_init_std ?? d.weight_init_std,
    shift: body.shift ?? d.shift,
    seed: body.seed ?? d.seed,
    evalEvery: body.eval_every ?? Math.max(1, Math.ceil(steps / 10)),
    gradient: body.gradient ?? d.gradient,
  };
}

/** The resolved options echoed in the answer, in the request's spelling. */
export function describeOptions(o: TrainOptions): Record<string, unknown> {
  return {
    arch: o.arch,
    ...(o.arch === "two-layer" ? { activation: o.activation, hidden_size: o.hiddenSize } : { bias: o.bias }),
    iters_num: o.steps,
    batch_size: o.batchSize,
    learning_rate: o.learningRate,
    lr_schedule: o.lrSchedule,
    momentum: o.momentum,
    weight_decay: o.weightDecay,
    sampling: o.sampling,
    init: o.init,
    ...(o.init === "std" ? { weight_init_std: o.weightInitStd } : {}),
    shift: o.shift,
    seed: o.seed,
    eval_every: o.evalEvery,
    gradient: o.gradient,
  };
}
