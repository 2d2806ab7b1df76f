/**
 * POST /v1/train: mini-batch SGD on a stored dataset's train split (default mnist) or posted
 * {x, t}, seeded, with its work estimated and capped before it starts; `init_from` continues
 * from a saved model version, so training longer than one request's cap is a chain of calls. JSON in, JSON out; with
 * `Accept: text/event-stream` the job streams `start`, `progress` and `done` (or `error`) events
 * while it runs, and stops when the client disconnects. `save_as` (admin) stores the trained
 * weights as a new model version once training has finished, whole or not at all.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { text } from "../../core/i18n";
import type { Network } from "../../core/nn/network";
import { type LabeledSet, Trainer, TrainingDivergedError } from "../../core/nn/train";
import { checkDatasetName, DEFAULT_DATASET, DIGIT_CLASSES, LOAD_MS_PER_BYTE, storedClasses } from "../datasets/bucket";
import { checkSameDataset, type ModelDataset, modelDataset, trainedOn } from "../datasets/model-data";
import type { AppEnv } from "../env";
import { requireAdmin } from "../http/auth";
import { streamedArrays, streamedJsonBody } from "../http/body";
import { sentAs } from "../http/keys";
import { anyoneOr, computeErrors, jsonRequest, problem } from "../http/openapi";
import { Problem } from "../http/problem";
import { CLIENT_LIMITS, enforceClientLimit, enforceRateLimit, RateLimiter } from "../http/rate-limit";
import type { Resource } from "../http/resource";
import { type SseSink, sseResponse, wantsEventStream } from "../http/sse";
import { ESTIMATE_HEADER } from "../http/work";
import { digitFields } from "../models/inputs";
import { checkModelName, loadModel, MODEL_NAME, putModel } from "../models/store";
import { pixelsOf, storedSplit, trainingSet } from "./data";
import { lossCurve, markStopped, type ProgressPayload, runTrainer } from "./job";
import { checkTrainingCost, type JobCost, TRAIN_LIMITS } from "./limits";
import {
  describeOptions,
  type FilledTrainOptions,
  TRAIN_ALIASES,
  TrainOptionFields,
  type TrainRequestOptions,
  toTrainOptions,
} from "./options";

const TrainBody = z
  .object({
    ...TrainOptionFields,
    x: z
      .any()
      .optional()
      .openapi({
        type: "array",
        description:
          `Training digits instead of the bundled train split: (n, 784) or (n, 28, 28), values 0..1 (or ` +
          `0..255 with scale: 255); at most ${TRAIN_LIMITS.maxRows} digits.`,
      }),
    t: z
      .any()
      .optional()
      .openapi({ type: "array", description: "Labels of the posted x: 0..9 per digit, or one-hot rows of 10." }),
    scale: z
      .union([z.literal(1), z.literal(255)])
      .optional()
      .openapi({ description: "255 when x holds pixels 0..255." }),
    dataset: z.string().optional().openapi({
      description:
        "The stored dataset to train on (its train split) and to measure on (its test split). Default mnist. GET /v1/datasets lists them.",
      example: "mnist",
    }),
    init_from: z
      .object({
        model: z.string().regex(MODEL_NAME),
        version: z.number().int().min(1).optional(),
      })
      .strict()
      .optional()
      .openapi({
        description:
          "Continue from a saved model version's weights instead of a fresh init (version: default the current one). " +
          "arch, activation and hidden_size come from the saved network (a different value is a 422). " +
          "Chain calls with save_as to train past one request's cap: each call continues where the last saved version stopped.",
        example: { model: "my-net", version: 1 },
      }),
    allow_other_dataset: z.boolean().optional().openapi({
      description:
        "true: init_from a model trained on another dataset, on purpose (fine-tuning). Default false: a 422.",
    }),
    save_as: z
      .string()
      .regex(MODEL_NAME)
      .optional()
      .openapi({
        description:
          "Store the trained weights as the next version of this model (admin: Authorization: Bearer " +
          "<ADMIN_TOKEN>). Saved only when training finishes.",
        example: "my-net",
      }),
  })
  .strict();

const EXAMPLE = { iters_num: 500, batch_size: 100, learning_rate: 0.05, seed: 1, eval_every: 100 };

const Evaluation = z.object({
  step: z.number().int(),
  train_accuracy: z.number(),
  test_accuracy: z.number().nullable(),
  test_loss: z.number().nullable(),
});

const TrainAnswer = z
  .object({
    job: z.string(),
    steps: z.number().int(),
    final: Evaluation.extend({ loss: z.number().openapi({ description: "Loss of the last mini-batch" }) }),
    evaluations: z.array(Evaluation),
    loss_curve: z.array(z.number()).openapi({
      description:
        "train_loss_list: the mini-batch loss of every step (means over loss_curve_every steps for long jobs)",
    }),
    loss_curve_every: z.number().int(),
    cost: z.object({ multiply_adds: z.number(), work: z.number(), cap: z.number(), estimated_ms: z.number() }),
    options: z.record(z.string(), z.unknown()),
    data: z.string(),
    dataset: z.object({ name: z.string(), classes: z.array(z.string()) }).openapi({
      description: "The dataset trained on (posted x, t: the one whose test split measures accuracy)",
    }),
    init_from: z.object({ model: z.string(), version: z.number().int() }).optional(),
    model: z
      .object({ name: z.string(), version: z.number().int(), sha256: z.string(), accuracy: z.number().nullable() })
      .optional(),
  })
  .openapi("TrainResult");

/**
 * Per client: 20 units at once and 20 more a minute; a job costs 1 + 9 x (its work / the cap)
 * units, so about two full-size jobs (~40 s of CPU) or twenty tiny ones a minute.
 */
const limiter = new RateLimiter({ capacity: 20, refillPerSecond: 20 / 60 });

interface Job {
  id: string;
  trainer: Trainer;
  options: FilledTrainOptions;
  cost: JobCost;
  source: string;
  test: LabeledSet | null;
  saveAs?: string;
  dataset: ModelDataset;
  initFrom?: { model: string; version: number };
  /** The learning rate's name in the request (learning_rate or lr), for the divergence error. */
  lrName: string;
}

export function registerTrain(app: Resource): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/train",
      operationId: "train",
      security: anyoneOr("bearer"), // the admin token only to save the result
      tags: ["Training"],
      // x and t stream into typed arrays; the options go to the validator; nothing else is read.
      middleware: [
        streamedJsonBody(
          digitFields(TRAIN_LIMITS.maxRows),
          { known: Object.keys(TrainBody.shape), aliases: TRAIN_ALIASES },
          { maxBytes: TRAIN_LIMITS.maxJsonBytes },
        ),
      ] as const,
      summary: "Train a network on the digits (SGD, as train_neuralnet.py)",
      description:
        "Trains `simple` or `two-layer` by seeded mini-batch SGD with backprop (or the book's numerical gradient) on the train split " +
        "of a stored dataset (`dataset`, default mnist: 7,000 digits) or posted {x, t}; accuracy on the dataset's test split every eval_every steps. " +
        "`init_from: {model, version}` continues from saved weights. An epoch of the full 60,000-image MNIST is 600 steps of 100. `{}` trains " +
        "784-50-10 (ReLU, He init, momentum 0.9, cosine lr 0.05, weight decay 1e-4, +-1 pixel shifts, 4,000 steps): ~97% held-out. " +
        `Work cap: ${TRAIN_LIMITS.maxWork.toExponential(0)} multiply-adds (~20 s of CPU; 422 states the estimate and the cap). ` +
        "With `Accept: text/event-stream` the answer is a stream of events: `start` {job, steps, cost}, `progress` {step, steps, loss, lr, " +
        "and at evaluations train_accuracy, test_accuracy, test_loss}, then `done` (this result) or `error` (a problem+json body, e.g. " +
        "divergence). Disconnecting stops the job. `save_as` (admin) stores the weights as a new model version after training succeeds. " +
        `Body: JSON of at most ${TRAIN_LIMITS.maxJsonBytes} bytes; x and t are read as they stream and any other field is refused. ` +
        `Rate limits per client address: ${CLIENT_LIMITS.jobs} jobs a minute across the service, and a cost-weighted bucket per isolate: 429 with Retry-After. ` +
        "Admitted jobs answer with X-Work-Estimate-Ms (estimated CPU milliseconds).",
      request: jsonRequest(TrainBody, EXAMPLE),
      responses: {
        200: {
          description: "The final metrics and the loss curve (JSON), or the event stream",
          content: {
            "application/json": { schema: TrainAnswer },
            "text/event-stream": {
              schema: { type: "string" },
              example: 'event: progress\ndata: {"step":100,"steps":500,"loss":0.42,"lr":0.049}\n\n',
            },
          },
        },
        ...computeErrors,
        401: problem("save_as without a valid bearer token"),
        403: problem("save_as while writes are disabled"),
        404: problem("The dataset's train split is not stored, or init_from names no saved version"),
        429: problem("Rate limited (Retry-After)"),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      if (body.save_as !== undefined) {
        checkModelName(body.save_as);
        await requireAdmin(c, async () => {});
      }
      const datasetName = body.dataset ?? DEFAULT_DATASET;
      checkDatasetName(datasetName, "/dataset");
      const arrays = streamedArrays(c.req.raw);
      const initial = body.init_from ? await initialNetwork(c.env.KV, body, datasetName) : undefined;
      const options = toTrainOptions(initial ? { ...body, ...initial.options } : body);
      const { set, source, meta, loadedBytes } = await trainingSet(c.env.DATASETS, datasetName, body, arrays);
      const test = await storedSplit(c.env.DATASETS, datasetName, "test");
      const dataset: ModelDataset = meta
        ? trainedOn(meta)
        : {
            name: datasetName,
            classes: test?.meta.classes ?? (await storedClasses(c.env.DATASETS, datasetName))?.classes ?? DIGIT_CLASSES,
          };
      const cost = checkTrainingCost(
        options,
        {
          trainCount: set.x.rows,
          testCount: test?.x.rows ?? 0,
          trainPixels: pixelsOf(set),
          testPixels: test ? pixelsOf(test) : 0,
        },
        `/${sentAs(body, "iters_num", "steps")}`,
        (loadedBytes + (test?.loadedBytes ?? 0)) * LOAD_MS_PER_BYTE, // reading the splits from R2
      );
      c.header(ESTIMATE_HEADER, String(Math.round(cost.estimatedMs)));
      enforceRateLimit(limiter, c.req.raw, 1 + (9 * cost.work) / cost.cap, text("what.training-jobs"));
      await enforceClientLimit(c.env.JOBS_LIMITER, c.req.raw, "train", text("what.training-jobs"), CLIENT_LIMITS.jobs);
      // RangeError (a bad combination) -> 422
      const trainer = new Trainer(set, test, initial ? { ...options, initial: initial.net } : options);
      const job: Job = {
        id: crypto.randomUUID(),
        trainer,
        options,
        cost,
        source,
        test,
        saveAs: body.save_as,
        dataset,
        lrName: sentAs(body, "learning_rate", "lr"),
        ...(initial ? { initFrom: initial.from } : {}),
      };
      const progressEvery = body.progress_every ?? Math.max(1, Math.ceil(options.steps / 100));
      c.header("X-Job-Id", job.id);
      if (wantsEventStream(c.req.header("accept"))) {
        const response = sseResponse((sink) => streamJob(c, job, progressEvery, sink), {
          signal: c.req.raw.signal,
          onCancel: () => markStopped(job.id),
          lang: c.get("lang"),
        });
        response.headers.set("X-Job-Id", job.id);
        response.headers.set(ESTIMATE_HEADER, String(Math.round(cost.estimatedMs)));
        return response as never;
      }
      const finished = await runTrainer(job.id, trainer, {
        progressEvery,
        chunkSteps: chunkSteps(cost, options.steps),
        shouldStop: () => c.req.raw.signal?.aborted === true,
      }).catch(diverged(options.learningRate, job.lrName));
      if (!finished) throw new Problem(503, text("train.disconnected"));
      return c.json(await finish(c, job), 200);
    },
  );
}

/** Steps per chunk between yields: about 5e7 multiply-adds (~12 ms). */
function chunkSteps(cost: JobCost, steps: number): number {
  return Math.max(1, Math.floor(5e7 / Math.max(1, cost.work / Math.max(1, steps))));
}

async function streamJob(c: Context<AppEnv>, job: Job, progressEvery: number, sink: SseSink): Promise<void> {
  await sink.send("start", { job: job.id, steps: job.options.steps, cost: costJson(job.cost), data: job.source });
  const finished = await runTrainer(job.id, job.trainer, {
    progressEvery,
    chunkSteps: Math.min(chunkSteps(job.cost, job.options.steps), progressEvery),
    shouldStop: () => sink.cancelled,
    onProgress: (p: ProgressPayload) => sink.send("progress", p),
  }).catch(diverged(job.options.learningRate, job.lrName));
  if (!finished || sink.cancelled) return; // nobody is listening: nothing is saved
  await sink.send("done", await finish(c, job));
}

/** Divergence (learning_rate = 1e6) as a 422 that names the learning rate and the step, in both modes; other errors pass. */
function diverged(lr: number, name: string) {
  return (err: unknown): never => {
    if (!(err instanceof TrainingDivergedError)) throw err;
    const scheduled = err.learningRate === lr ? "" : text("train.diverged-scheduled", { rate: err.learningRate });
    throw new Problem(
      422,
      text("train.diverged", { step: err.step, reason: err.why, loss: err.loss, name, lr, scheduled }),
      {
        errors: [{ pointer: `/${name}`, message: text("train.diverged-field", { name, lr, step: err.step }) }],
        extra: { step: err.step, loss: Number.isFinite(err.loss) ? err.loss : String(err.loss) },
      },
    );
  };
}

function costJson(cost: JobCost) {
  return {
    multiply_adds: cost.multiplyAdds,
    work: cost.work,
    cap: cost.cap,
    estimated_ms: Math.round(cost.estimatedMs),
  };
}

/** The result document; saves the weights first when save_as was given. */
async function finish(c: Context<AppEnv>, job: Job) {
  const result = job.trainer.result();
  const last = result.evals.at(-1);
  const evaluations = result.evals.map((e) => ({
    step: e.step,
    train_accuracy: e.trainAccuracy,
    test_accuracy: e.testAccuracy,
    test_loss: e.testLoss,
  }));
  const curve = lossCurve(result.lossHistory);
  let model: { name: string; version: number; sha256: string; accuracy: number | null } | undefined;
  if (job.saveAs) {
    const o = job.options;
    const stored = await putModel(c.env.KV, job.saveAs, result.network, {
      source: `POST /v1/train: ${o.arch}${o.arch === "two-layer" ? ` ${o.activation} ${o.hiddenSize}` : ""}, ${result.steps} steps, seed ${o.seed}, ${job.source}${job.initFrom ? `, from ${job.initFrom.model} version ${job.initFrom.version}` : ""}`,
      dataset: job.dataset,
      measure: async () =>
        job.test && last && last.testAccuracy !== null
          ? { split: "test", accuracy: last.testAccuracy, loss: last.testLoss ?? NaN, count: job.test.x.rows }
          : null,
    });
    model = {
      name: stored.name,
      version: stored.version,
      sha256: stored.sha256,
      accuracy: stored.accuracy?.accuracy ?? null,
    };
  }
  return {
    job: job.id,
    steps: result.steps,
    final: {
      step: result.steps,
      loss: result.lossHistory.at(-1) ?? NaN,
      train_accuracy: last?.trainAccuracy ?? NaN,
      test_accuracy: last?.testAccuracy ?? null,
      test_loss: last?.testLoss ?? null,
    },
    evaluations,
    loss_curve: curve.loss,
    loss_curve_every: curve.every,
    cost: costJson(job.cost),
    options: describeOptions(job.options),
    data: job.source,
    dataset: { name: job.dataset.name, classes: job.dataset.classes },
    ...(job.initFrom ? { init_from: job.initFrom } : {}),
    ...(model ? { model } : {}),
  };
}

/** The saved network init_from names, checked against the request's options and dataset. */
async function initialNetwork(
  kv: KVNamespace,
  body: {
    init_from?: { model: string; version?: number };
    arch?: string;
    activation?: string;
    hidden_size?: number;
    allow_other_dataset?: boolean;
  },
  dataset: string,
): Promise<{ net: Network; options: TrainRequestOptions; from: { model: string; version: number } }> {
  const { model, version } = body.init_from!;
  const loaded = await loadModel(kv, model, version);
  if (!loaded) {
    throw new Problem(404, text("error.init-from-missing", { model, version: version ?? "(current)" }), {
      errors: [{ pointer: "/init_from/model", message: "unknown model or version" }],
    });
  }
  const m = loaded.meta;
  checkSameDataset({ name: model, dataset: modelDataset(m) }, dataset, body.allow_other_dataset === true, "/dataset");
  const saved: TrainRequestOptions = {
    arch: m.arch,
    ...(m.arch === "two-layer" ? { activation: loaded.net.activation ?? "sigmoid", hidden_size: m.dims.hidden } : {}),
    ...(m.arch === "simple" ? { bias: "b" in loaded.net.params } : {}),
  };
  for (const field of ["arch", "activation", "hidden_size"] as const) {
    const given = body[field];
    if (given === undefined || saved[field] === undefined || given === saved[field]) continue;
    throw new Problem(
      422,
      text("error.init-from-option", {
        field,
        given: String(given),
        saved: String(saved[field]),
        model,
        version: m.version,
      }),
      {
        errors: [
          { pointer: `/${field}`, message: text("error.init-from-option-field", { saved: String(saved[field]) }) },
        ],
      },
    );
  }
  return { net: loaded.net, options: saved, from: { model, version: m.version } };
}
