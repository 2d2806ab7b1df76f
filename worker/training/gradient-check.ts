/**
 * POST /v1/gradient-check: the book's gradient_check.py over HTTP. A freshly initialised
 * network (seeded; the book's TwoLayerNet(784, 50, 10) by default) and the first few training
 * digits (x_train[:3]), or posted {x, t}; for every parameter the mean absolute difference
 * between the backprop gradient and the book's numerical gradient:
 *   W1: 2.6e-13  b1: 2.4e-12  W2: 5.8e-13 ... (float64 backprop, as the book's output)
 * also against the float32 fast path that /v1/train uses. The numerical gradient's work is
 * estimated and capped before it starts.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { estimateGradientCheckMs, gradientCheckWork } from "../../core/cost/gradient-check";
import { type Lang, t, text } from "../../core/i18n";
import { gradient } from "../../core/nn/gradient";
import { gradientCheck, type ParamCheck } from "../../core/nn/gradient-check";
import { initNetwork } from "../../core/nn/init";
import { type Arch, MNIST_CLASSES, MNIST_INPUT, toFloat64 } from "../../core/nn/network";
import { referenceInputs } from "../../core/nn/reference";
import type { Batch } from "../../core/nn/sparse-rows";
import { Random } from "../../core/random";
import { checkDatasetName, DEFAULT_DATASET } from "../datasets/bucket";
import { mustGetSplit } from "../datasets/lookup";
import { streamedArrays, streamedJsonBody } from "../http/body";
import { LIMITS } from "../http/limits";
import { computeErrors, jsonRequest, jsonResponse, problem } from "../http/openapi";
import { Problem } from "../http/problem";
import { CLIENT_LIMITS, enforceClientLimit, enforceRateLimit, RateLimiter } from "../http/rate-limit";
import type { Resource } from "../http/resource";
import { ESTIMATE_HEADER } from "../http/work";
import { digitFields } from "../models/inputs";
import { ActivationSchema, ArchSchema } from "../models/schema";
import { MODEL_LIMITS } from "../models/store";
import { trainingSet } from "./data";

export const GRADIENT_CHECK_LIMITS = {
  /** Digits the gradients are taken on. */
  maxSamples: 100,
  /** JSON body: 100 posted digits of float text (~2 MB). */
  maxJsonBytes: 4 << 20,
  /**
   * Operations of the numerical gradient: 2 perturbations per parameter, each recomputing the
   * changed unit of every affected row (first layer: D + H*C + C; second layer: H + C). ~2e6 per
   * ms in float64 (784-50-10 on 3 digits: 3.1e8 in ~0.16 s), so the cap is ~2.5 s of CPU.
   */
  maxWork: 5e9,
  /** Estimated CPU of one check (core/cost/gradient-check.ts, calibrated). */
  maxMs: 5_000,
  /** The mean difference the answer calls a pass: the book reports ~1e-10 to 1e-13 for a correct backprop. */
  tolerance: 1e-6,
} as const;

const GradientCheckBody = z
  .object({
    arch: ArchSchema.optional().openapi({ description: "Default two-layer (the book's TwoLayerNet)." }),
    activation: ActivationSchema.optional().openapi({ description: "Default sigmoid (the book's)." }),
    hidden_size: z.number().int().min(1).max(MODEL_LIMITS.maxHidden).optional().openapi({ description: "Default 50." }),
    bias: z.boolean().optional().openapi({ description: "simple: include b. Default true." }),
    init: z
      .enum(["std", "he", "xavier"])
      .optional()
      .openapi({ description: "Default std (weight_init_std * randn, the book's)." }),
    weight_init_std: z.number().positive().finite().optional().openapi({ description: "Default 0.01." }),
    seed: z
      .number()
      .int()
      .min(0)
      .max(0xffffffff)
      .optional()
      .openapi({ description: "Seed of the initial weights. Default 0." }),
    samples: z
      .number()
      .int()
      .min(1)
      .max(GRADIENT_CHECK_LIMITS.maxSamples)
      .optional()
      .openapi({
        description:
          `The first n training images of the dataset (the book: x_train[:3]). Default 3, at most ` +
          `${GRADIENT_CHECK_LIMITS.maxSamples}.`,
      }),
    dataset: z.string().optional().openapi({
      description: "The stored dataset whose train split gives the images. Default mnist.",
      example: "mnist",
    }),
    h: z
      .number()
      .positive()
      .max(1)
      .optional()
      .openapi({ description: "Step of the numerical gradient (1e-4, the book's)." }),
    x: z.any().optional().openapi({
      type: "array",
      description: "Posted digits instead: (n, 784) or (n, 28, 28), values 0..1 (or scale: 255).",
    }),
    t: z.any().optional().openapi({ type: "array", description: "Labels of the posted x: 0..9, or one-hot rows." }),
    scale: z.union([z.literal(1), z.literal(255)]).optional(),
  })
  .strict();

const ParamCheckSchema = z.object({
  shape: z.array(z.number().int()),
  mean_abs_diff: z
    .number()
    .openapi({ description: "np.average(np.abs(grad_backprop - grad_numerical)), float64 backprop" }),
  max_abs_diff: z.number(),
  fast_mean_abs_diff: z.number().openapi({ description: "The same for the float32 backprop that training uses" }),
});

const GradientCheckAnswer = z
  .object({
    params: z.record(z.string(), ParamCheckSchema),
    max_mean_abs_diff: z.number(),
    passed: z.boolean(),
    message: z.string(),
    loss: z.number(),
    samples: z.number().int(),
    network: z.object({
      arch: z.string(),
      activation: z.string().optional(),
      hidden_size: z.number().optional(),
      parameters: z.number().int(),
    }),
    work: z.object({ estimate: z.number(), cap: z.number() }),
  })
  .openapi("GradientCheck");

const limiter = new RateLimiter({ capacity: 20, refillPerSecond: 20 / 60 });

/** Upper bound of the numerical gradient's operations (every row affected by every weight). */
export { gradientCheckWork };

export function registerGradientCheck(app: Resource): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/gradient-check",
      operationId: "gradientCheck",
      security: [],
      tags: ["Training"],
      middleware: [
        streamedJsonBody(
          digitFields(GRADIENT_CHECK_LIMITS.maxSamples),
          { known: Object.keys(GradientCheckBody.shape) },
          {
            maxBytes: GRADIENT_CHECK_LIMITS.maxJsonBytes,
          },
        ),
      ] as const,
      summary: "Backprop against the numerical gradient (gradient_check.py)",
      description:
        "Initialises a network (seeded; default the book's TwoLayerNet 784-50-10, sigmoid, std 0.01), takes the first `samples` " +
        "training digits (default 3) or posted {x, t}, and reports for each parameter the mean absolute difference between backprop " +
        `and the book's numerical gradient (h = 1e-4). passed = every difference below ${GRADIENT_CHECK_LIMITS.tolerance}. ` +
        `Work cap: ${GRADIENT_CHECK_LIMITS.maxWork.toExponential(0)} operations and ${GRADIENT_CHECK_LIMITS.maxMs} ms of estimated CPU (422 states the estimate). ` +
        `Body: JSON of at most ${GRADIENT_CHECK_LIMITS.maxJsonBytes} bytes. Rate limit per client address: ${CLIENT_LIMITS.jobs} jobs a minute (with /v1/train).`,
      request: jsonRequest(GradientCheckBody, { samples: 3, seed: 0 }),
      responses: {
        200: jsonResponse(GradientCheckAnswer, "Per-parameter differences"),
        ...computeErrors,
        404: problem("The bundled digits are not stored"),
        429: problem("Rate limited (Retry-After)"),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const arch = body.arch ?? "two-layer";
      const H = arch === "two-layer" ? (body.hidden_size ?? 50) : 0;
      const D = MNIST_INPUT;
      const C = MNIST_CLASSES;
      const { batch, labels } = await digits(c.env.DATASETS, body, streamedArrays(c.req.raw));
      const rows = batch.rows;
      const { estimate, cap, estimatedMs } = checkCost(
        D,
        H,
        C,
        rows,
        arch,
        body.hidden_size !== undefined ? "/hidden_size" : "/samples",
      );
      c.header(ESTIMATE_HEADER, String(Math.round(estimatedMs)));
      enforceRateLimit(limiter, c.req.raw, 1 + (9 * estimate) / cap, text("what.gradient-checks"));
      await enforceClientLimit(
        c.env.JOBS_LIMITER,
        c.req.raw,
        "gradient-check",
        text("what.gradient-checks"),
        CLIENT_LIMITS.jobs,
      );
      const net32 = initNetwork(
        {
          arch,
          activation: body.activation ?? "sigmoid",
          hiddenSize: H || undefined,
          bias: body.bias,
          init: body.init,
          weightInitStd: body.weight_init_std,
        },
        new Random(body.seed ?? 0),
      );
      const fast = gradient(net32, batch, labels).grads;
      const net = toFloat64(net32);
      const r = gradientCheck(net, referenceInputs(batch), labels, rows, fast, body.h);
      const params = Object.fromEntries(
        Object.entries(r.params).map(([k, v]) => [
          k,
          {
            shape: v.shape,
            mean_abs_diff: v.meanAbsDiff,
            max_abs_diff: v.maxAbsDiff,
            fast_mean_abs_diff: v.fastMeanAbsDiff,
          },
        ]),
      );
      const { max, passed, message } = verdict(r.params, body.h ?? 1e-4, c.get("lang"));
      const parameters = Object.values(net.params).reduce((s, t) => s + t.data.length, 0);
      return c.json(
        {
          params,
          max_mean_abs_diff: max,
          passed,
          message,
          loss: r.loss,
          samples: rows,
          network: {
            arch,
            ...(arch === "two-layer" ? { activation: body.activation ?? "sigmoid", hidden_size: H } : {}),
            parameters,
          },
          work: { estimate, cap },
        },
        200,
      );
    },
  );
}

/** The digits to check on: posted {x, t} (at most maxSamples), or the first `samples` stored training digits. */
async function digits(
  bucket: R2Bucket,
  body: { samples?: number; scale?: 1 | 255; dataset?: string },
  arrays: ReturnType<typeof streamedArrays>,
): Promise<{ batch: Batch; labels: ArrayLike<number> }> {
  if (arrays.has("x") || arrays.has("t")) {
    if (body.samples !== undefined) throw Problem.field("/samples", text("gcheck.samples-with-x"));
    const { set } = await trainingSet(bucket, body.dataset ?? DEFAULT_DATASET, body, arrays);
    if (set.x.rows > GRADIENT_CHECK_LIMITS.maxSamples) {
      throw Problem.field("/x", text("gcheck.too-many", { rows: set.x.rows, max: GRADIENT_CHECK_LIMITS.maxSamples }));
    }
    return { batch: set.x, labels: set.t };
  }
  const dataset = body.dataset ?? DEFAULT_DATASET;
  checkDatasetName(dataset, "/dataset");
  const stored = await mustGetSplit(bucket, dataset, "train", "/dataset");
  const n = Math.min(body.samples ?? 3, stored.meta.count);
  const D = MNIST_INPUT;
  return {
    batch: { data: stored.images.subarray(0, n * D), rows: n, cols: D },
    labels: Uint8Array.from({ length: n }, (_, i) => stored.labels[i]),
  };
}

/** The numerical gradient's work, estimated before it starts; a 422 naming the field to reduce when over the cap. */
function checkCost(
  D: number,
  H: number,
  C: number,
  rows: number,
  arch: Arch,
  pointer: string,
): { estimate: number; cap: number; estimatedMs: number } {
  const estimate = gradientCheckWork(D, H, C, rows, arch);
  const cap = GRADIENT_CHECK_LIMITS.maxWork;
  const estimatedMs = estimateGradientCheckMs(D, H, C, rows, arch);
  if (estimate > cap || estimatedMs > GRADIENT_CHECK_LIMITS.maxMs) {
    throw new Problem(422, text("gcheck.cost", { estimate: estimate.toExponential(2), cap: cap.toExponential(2) }), {
      errors: [
        {
          pointer: arch === "two-layer" ? pointer : "/samples",
          message: text("gcheck.cost-field", { estimate: estimate.toExponential(2), cap: cap.toExponential(2) }),
        },
      ],
      extra: { estimate, cap, estimated_ms: Math.round(estimatedMs), cap_ms: GRADIENT_CHECK_LIMITS.maxMs },
    });
  }
  return { estimate, cap, estimatedMs };
}

/** The answer in words: passed when every mean difference is below the tolerance, else which parameter disagrees most. */
function verdict(
  params: Record<string, ParamCheck>,
  h: number,
  lang: Lang,
): { max: number; passed: boolean; message: string } {
  const worst = Object.entries(params).reduce((a, b) => (b[1].meanAbsDiff > a[1].meanAbsDiff ? b : a));
  const max = worst[1].meanAbsDiff;
  const passed = Object.values(params).every((p) => p.meanAbsDiff < GRADIENT_CHECK_LIMITS.tolerance);
  const list = Object.entries(params)
    .map(([k, v]) => `${k}: ${v.meanAbsDiff.toExponential(1)}`)
    .join(", ");
  const message = passed
    ? t(lang, "gcheck.passed", { list, tolerance: GRADIENT_CHECK_LIMITS.tolerance })
    : t(lang, "gcheck.failed", { name: worst[0], max: max.toExponential(2), h });
  return { max, passed, message };
}
