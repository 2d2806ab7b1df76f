import { text } from "../../core/i18n";
/**
 * Networks stored in Workers KV, mounted at /v1/models: list, inspect, upload (admin), delete
 * (admin), predict and evaluate. Bodies other than small JSON are read by hand, each within its
 * cap (./inputs.ts, ./upload.ts), so the request schemas here are plain OpenAPI objects (no zod
 * walk of 1.5M numbers).
 */

import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { StreamedArray } from "../../core/io/json-stream";
import { evaluate } from "../../core/nn/metrics";
import { predict } from "../../core/nn/predict";
import { checkDatasetName, DEFAULT_DATASET, DIGIT_CLASSES, getSplit, PIXELS, storedClasses } from "../datasets/bucket";
import { mustGetSplit, publicSplit } from "../datasets/lookup";
import { checkSameDataset, modelDataset } from "../datasets/model-data";
import type { AppEnv } from "../env";
import { requireAdmin } from "../http/auth";
import { streamedLabels } from "../http/matrix";
import { jsonResponse, problem, uriTooLong } from "../http/openapi";
import { Problem } from "../http/problem";
import { CLIENT_LIMITS, enforceClientLimit } from "../http/rate-limit";
import { type Resource, resource } from "../http/resource";
import { PREDICT_LIMITS, readPredictInput } from "./inputs";
import { ActivationSchema, ArchSchema } from "./schema";
import {
  checkModelName,
  deleteModel,
  getModelMeta,
  type LoadedModel,
  listModels,
  loadModel,
  MODEL_LIMITS,
  putModel,
} from "./store";
import { readUpload, UPLOAD_LIMITS } from "./upload";

const NameParam = z.object({
  name: z
    .string()
    .openapi({ param: { name: "name", in: "path" }, example: "mnist-two-layer", description: "Model name" }),
});

const Summary = z
  .object({
    name: z.string(),
    arch: ArchSchema,
    activation: ActivationSchema.nullable(),
    hidden: z.number().int(),
    version: z.number().int(),
    sha256: z.string(),
    created: z.string(),
    accuracy: z
      .number()
      .nullable()
      .openapi({ description: "Accuracy on the held-out test digits when the version was stored" }),
    dataset: z
      .string()
      .openapi({ description: "The dataset the model was trained on (its class names are in GET /v1/models/{name})" }),
  })
  .openapi("ModelSummary");

const Meta = z.any().openapi("ModelMeta", {
  description:
    "arch, activation, dims, params [{name, shape, dtype, byteOffset, byteLength}], sha256, created, " +
    "source, accuracy {split, accuracy, loss, count}, history [{version, sha256, created, bytes, " +
    "source, accuracy}], dataset {name, classes, train?: {count, sha256: {images, labels}}}: the dataset the " +
    "weights were fitted to, its class names in label order and the SHA-256 of the training split",
});

const Prediction = z.object({
  label: z.number().int(),
  class: z.string().openapi({ description: "The class name of label in the model's dataset" }),
  probabilities: z.array(z.number()),
  top: z.array(z.object({ label: z.number().int(), class: z.string(), probability: z.number() })).optional(),
});
const Predictions = z
  .object({
    predictions: z.array(Prediction),
    classes: z
      .array(z.string())
      .openapi({ description: "Class names in label order (probabilities[k] is classes[k])" }),
    model: z.object({ name: z.string(), version: z.number().int(), dataset: z.string() }),
  })
  .openapi("Predictions");
const Evaluation = z
  .object({
    accuracy: z.number(),
    loss: z.number(),
    confusion: z.array(z.array(z.number().int())).openapi({ description: "confusion[true][predicted]" }),
    count: z.number().int(),
    classes: z.array(z.string()).openapi({ description: "Class names in label order (rows and columns of confusion)" }),
    dataset: z.string().nullable().openapi({ description: "The stored dataset evaluated on (null for posted x, t)" }),
    model: z.object({ name: z.string(), version: z.number().int(), dataset: z.string() }),
  })
  .openapi("Evaluation");

const digitExample = Array.from({ length: PIXELS }, (_, i) => (i >= 378 && i < 384 ? 1 : 0));

async function mustLoad(kv: KVNamespace, name: string, version?: number): Promise<LoadedModel> {
  checkModelName(name);
  const model = await loadModel(kv, name, version);
  if (!model) {
    const what =
      version === undefined ? text("models.no-model", { name }) : text("models.no-version", { name, version });
    throw new Problem(404, text("models.lists-them", { what }), {
      errors: [{ pointer: "/name", message: text("models.unknown-model") }],
    });
  }
  return model;
}

function parseVersion(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = Number(value);
  if (!Number.isInteger(v) || v < 1) throw Problem.field("version", text("models.version"));
  return v;
}

const listModelsRoute = createRoute({
  method: "get",
  path: "/",
  operationId: "listModels",
  security: [],
  tags: ["Models"],
  summary: "List the stored networks",
  description:
    "Names, architecture, activation, hidden size, current version and recorded test accuracy of " + "every model.",
  responses: {
    200: jsonResponse(z.object({ models: z.array(Summary) }).openapi({ example: { models: [] } }), "The models"),
    ...uriTooLong,
  },
});

const listModelsHandler: RouteHandler<typeof listModelsRoute, AppEnv> = async (c) =>
  c.json({ models: await listModels(c.env.KV) }, 200);

const getModelRoute = createRoute({
  method: "get",
  path: "/{name}",
  operationId: "getModel",
  security: [],
  tags: ["Models"],
  summary: "A model's metadata and version history",
  request: {
    params: NameParam,
    query: z.object({
      version: z.string().optional().openapi({ example: "1", description: "A past version (default: current)" }),
    }),
  },
  responses: {
    200: jsonResponse(Meta, "Metadata of the current (or given) version, with the history of versions"),
    404: problem("Unknown model"),
  },
});

const getModelHandler: RouteHandler<typeof getModelRoute, AppEnv> = async (c) => {
  const { name } = c.req.valid("param");
  checkModelName(name);
  const meta = await getModelMeta(c.env.KV, name, parseVersion(c.req.valid("query").version));
  if (!meta)
    throw new Problem(404, text("models.no-model-or-version", { name }), {
      errors: [{ pointer: "/name", message: text("models.unknown-model") }],
    });
  return c.json(meta, 200);
};

const putModelRoute = createRoute({
  method: "put",
  path: "/{name}",
  operationId: "putModel",
  tags: ["Models"],
  summary: "Store a new version of a model (admin)",
  description:
    `Body: JSON {arch?, activation?, params} with nested lists, or an .npz written by np.savez(f, ` +
    `**network.params) (application/zip, application/x-npz, or application/octet-stream starting ` +
    `with PK) with ?arch=&activation=. arch is inferred from the param names when omitted; ` +
    `activation defaults to sigmoid. Params must fit 784 inputs and 10 classes; at most ` +
    `${MODEL_LIMITS.maxHidden} hidden units; dtypes float32/float64, C or Fortran order; body at ` +
    `most ${UPLOAD_LIMITS.maxBytes} bytes. Stored as float32. The new version's accuracy on the ` +
    `test split of its dataset (?dataset=, default mnist) is recorded when it is stored, with the dataset's class names. Needs Authorization: Bearer ` +
    `<ADMIN_TOKEN>; not allowed cross-origin.`,
  security: [{ bearer: [] }],
  middleware: [requireAdmin] as const,
  request: {
    params: NameParam,
    query: z.object({
      arch: ArchSchema.optional().openapi({ example: "two-layer" }),
      activation: ActivationSchema.optional().openapi({ example: "sigmoid" }),
      dataset: z
        .string()
        .optional()
        .openapi({ example: "mnist", description: "The dataset the weights were trained on (default mnist)" }),
    }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: {
            type: "object",
            properties: { arch: { type: "string" }, activation: { type: "string" }, params: { type: "object" } },
          },
          example: {
            arch: "simple",
            params: {
              W: Array.from({ length: PIXELS }, () => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
              b: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            },
          },
        },
        "application/x-npz": { schema: { type: "string", format: "binary" }, example: "(np.savez output)" },
        "application/zip": { schema: { type: "string", format: "binary" }, example: "(np.savez output)" },
      },
    },
  },
  responses: {
    201: jsonResponse(Meta, "The stored version (Location: /v1/models/{name}?version=n)"),
    400: problem("Malformed JSON"),
    401: problem("Missing or wrong bearer token"),
    403: problem("Writes are disabled (no ADMIN_TOKEN configured)"),
    413: problem("Body larger than the cap"),
    415: problem("Unsupported content type"),
    422: problem("Shapes, dtypes or archive invalid; errors[].pointer names the param"),
  },
});

const putModelHandler: RouteHandler<typeof putModelRoute, AppEnv> = async (c) => {
  const { name } = c.req.valid("param");
  checkModelName(name);
  const query = c.req.valid("query");
  const dataset = query.dataset ?? DEFAULT_DATASET;
  checkDatasetName(dataset, "dataset");
  const upload = await readUpload(c.req.raw, query);
  const classes = (await storedClasses(c.env.DATASETS, dataset))?.classes ?? DIGIT_CLASSES;
  const meta = await putModel(c.env.KV, name, upload.net, {
    source: upload.source,
    dataset: { name: dataset, classes },
    measure: async (net) => {
      const test = await getSplit(c.env.DATASETS, dataset, "test");
      if (!test) return null;
      const e = evaluate(net, { data: test.images, rows: test.meta.count, cols: PIXELS }, test.labels);
      return { split: "test", accuracy: e.accuracy, loss: e.loss, count: e.count };
    },
  });
  c.header("Location", `/v1/models/${name}?version=${meta.version}`);
  return c.json(meta, 201);
};

const deleteModelRoute = createRoute({
  method: "delete",
  path: "/{name}",
  operationId: "deleteModel",
  tags: ["Models"],
  summary: "Delete a model and all its versions (admin)",
  security: [{ bearer: [] }],
  middleware: [requireAdmin] as const,
  request: { params: NameParam },
  responses: {
    200: jsonResponse(
      z.object({ deleted: z.string() }).openapi({ example: { deleted: "mnist-two-layer" } }),
      "Deleted",
    ),
    401: problem("Missing or wrong bearer token"),
    403: problem("Writes are disabled"),
    404: problem("Unknown model"),
  },
});

const deleteModelHandler: RouteHandler<typeof deleteModelRoute, AppEnv> = async (c) => {
  const { name } = c.req.valid("param");
  checkModelName(name);
  if (!(await deleteModel(c.env.KV, name)))
    throw new Problem(404, text("models.no-model", { name }), {
      errors: [{ pointer: "/name", message: text("models.unknown-model") }],
    });
  return c.json({ deleted: name }, 200);
};

const predictRoute = createRoute({
  method: "post",
  path: "/{name}/predict",
  operationId: "predictDigits",
  security: [],
  tags: ["Models"],
  summary: "Classify digits",
  description:
    `Bodies: JSON {x, scale?: 1|255, top?: k} with x one 784-vector, a batch of rows, a 28x28 image ` +
    `or a batch of them (at most ${PREDICT_LIMITS.maxJsonRows} digits, ` +
    `${PREDICT_LIMITS.maxJsonBytes} bytes); application/octet-stream uint8 rows of 784 pixels (at ` +
    `most ${PREDICT_LIMITS.maxBinaryRows} rows); application/x-npy uint8 (0..255) or float (0..1, or ` +
    `?scale=255) of shape (784,), (n, 784), (28, 28) or (n, 28, 28), at most ` +
    `${PREDICT_LIMITS.maxBinaryBytes} bytes; image/png: one digit of any size (at most ` +
    `${PREDICT_LIMITS.maxPngPixels} pixels), converted to gray, inverted if the background is light, ` +
    `cropped, fitted to 20x20 and centred by centre of mass in 28x28 as MNIST. ?version= picks a ` +
    `past version.`,
  request: {
    params: NameParam,
    query: z.object({
      top: z.string().optional().openapi({ example: "3", description: "Also return the k most likely labels" }),
      scale: z
        .string()
        .optional()
        .openapi({ example: "255", description: "For float .npy: 255 when values are 0..255" }),
      version: z.string().optional().openapi({ example: "1" }),
    }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: {
            type: "object",
            properties: { x: { type: "array" }, scale: { type: "number" }, top: { type: "integer" } },
            required: ["x"],
            additionalProperties: false,
          },
          example: { x: digitExample, top: 3 },
        },
        "application/octet-stream": { schema: { type: "string", format: "binary" }, example: "(n x 784 uint8 pixels)" },
        "application/x-npy": { schema: { type: "string", format: "binary" }, example: "(np.save output)" },
        "image/png": { schema: { type: "string", format: "binary" }, example: "(a PNG of one digit)" },
      },
    },
  },
  responses: {
    200: jsonResponse(Predictions, "One prediction per digit, and the version that made them"),
    400: problem("Malformed JSON"),
    404: problem("Unknown model"),
    413: problem("Body or batch larger than the cap"),
    415: problem("Unsupported content type"),
    422: problem("Wrong shape, dtype or value; errors[].pointer names the element"),
    500: problem("The stored model is corrupt (it is never used)"),
  },
});

const predictHandler: RouteHandler<typeof predictRoute, AppEnv> = async (c) => {
  const { name } = c.req.valid("param");
  const query = c.req.valid("query");
  const model = await mustLoad(c.env.KV, name, parseVersion(query.version));
  const input = await readPredictInput(c.req.raw, query);
  if (input.batch.rows > 1)
    await enforceClientLimit(
      c.env.COMPUTE_LIMITER,
      c.req.raw,
      "predict",
      text("what.batch-predictions"),
      CLIENT_LIMITS.compute,
    );
  const { labels, probabilities, classes } = predict(model.net, input.batch);
  const dataset = modelDataset(model.meta);
  const names = dataset.classes;
  const predictions = new Array(input.batch.rows);
  for (let r = 0; r < input.batch.rows; r++) {
    const probs = Array.from(probabilities.subarray(r * classes, (r + 1) * classes));
    const p: {
      label: number;
      class: string;
      probabilities: number[];
      top?: { label: number; class: string; probability: number }[];
    } = { label: labels[r], class: names[labels[r]], probabilities: probs };
    if (input.top) {
      p.top = probs
        .map((probability, label) => ({ label, class: names[label], probability }))
        .sort((a, b) => b.probability - a.probability || a.label - b.label)
        .slice(0, input.top);
    }
    predictions[r] = p;
  }
  return c.json(
    { predictions, classes: names, model: { name, version: model.meta.version, dataset: dataset.name } },
    200,
  );
};

const evaluateRoute = createRoute({
  method: "post",
  path: "/{name}/evaluate",
  operationId: "evaluateModel",
  security: [],
  tags: ["Models"],
  summary: "Accuracy, loss and confusion matrix on labelled digits",
  description:
    `JSON {x, t, scale?}: x as for predict (at most ${PREDICT_LIMITS.maxJsonRows} digits), t labels ` +
    `(0..9) or one-hot rows; or no body with ?split=test (or train) to use a stored dataset's images: ` +
    `?dataset= (default: the one the model was trained on). A dataset other than the model's is a 422 ` +
    `(its labels name other classes) unless ?allow_other_dataset=true. loss ` +
    `is the book's cross_entropy_error (delta 1e-7, mean over the batch).`,
  request: {
    params: NameParam,
    query: z.object({
      split: z
        .string()
        .optional()
        .openapi({ example: "test", description: "test or train (the private grading split is refused)" }),
      dataset: z
        .string()
        .optional()
        .openapi({ example: "mnist", description: "With split: the stored dataset (default: the model's own)" }),
      allow_other_dataset: z.enum(["true", "false"]).optional().openapi({
        example: "false",
        description: "true: evaluate on a dataset other than the one the model was trained on, on purpose",
      }),
      version: z.string().optional().openapi({ example: "1" }),
    }),
    body: {
      required: false,
      content: {
        "application/json": {
          schema: {
            type: "object",
            properties: { x: { type: "array" }, t: { type: "array" }, scale: { type: "number" } },
            additionalProperties: false,
          },
          example: { x: [digitExample], t: [1] },
        },
      },
    },
  },
  responses: {
    200: jsonResponse(Evaluation, "Accuracy, loss and confusion[true][predicted]"),
    400: problem("Malformed JSON"),
    404: problem("Unknown model, or the split is not stored"),
    413: problem("Body larger than the cap"),
    415: problem("Unsupported content type"),
    422: problem("Wrong shapes or labels; a dataset other than the model's; split=grading"),
  },
});

const evaluateHandler: RouteHandler<typeof evaluateRoute, AppEnv> = async (c) => {
  const { name } = c.req.valid("param");
  const query = c.req.valid("query");
  const model = await mustLoad(c.env.KV, name, parseVersion(query.version));
  const own = modelDataset(model.meta);
  let result: ReturnType<typeof evaluate>;
  let dataset: string | null = null;
  if (query.split || query.dataset) {
    dataset = query.dataset ?? own.name;
    checkDatasetName(dataset, "dataset");
    const split = publicSplit(query.split ?? "test", dataset);
    checkSameDataset({ name, dataset: own }, dataset, query.allow_other_dataset === "true");
    const data = await mustGetSplit(c.env.DATASETS, dataset, split);
    result = evaluate(model.net, { data: data.images, rows: data.meta.count, cols: PIXELS }, data.labels);
  } else {
    const input = await readPredictInput(c.req.raw, {}, true);
    await enforceClientLimit(
      c.env.COMPUTE_LIMITER,
      c.req.raw,
      "evaluate",
      text("what.evaluations"),
      CLIENT_LIMITS.compute,
    );
    if (input.labels === undefined) throw Problem.field("", text("models.evaluate-body"));
    const labels = readLabels(input.labels ?? undefined, input.batch.rows, input.single);
    result = evaluate(model.net, input.batch, labels);
  }
  return c.json(
    { ...result, classes: own.classes, dataset, model: { name, version: model.meta.version, dataset: own.name } },
    200,
  );
};

function registerModels(app: Resource): void {
  app.openapi(listModelsRoute, listModelsHandler);
  app.openapi(getModelRoute, getModelHandler);
  app.openapi(putModelRoute, putModelHandler);
  app.openapi(deleteModelRoute, deleteModelHandler);
  app.openapi(predictRoute, predictHandler);
  app.openapi(evaluateRoute, evaluateHandler);
}

/** The model routes, mounted at /v1/models. */
export const models = resource();
registerModels(models);

/** t as labels: a label per digit, or one-hot rows of 10 (a bare label or one row for a single digit). */
function readLabels(t: StreamedArray | undefined, rows: number, single: boolean): Uint8Array {
  const shape =
    t && single && t.shape.length === 0
      ? [1]
      : t && single && t.shape.length === 1 && t.shape[0] === 10
        ? [1, 10]
        : t?.shape;
  return streamedLabels(t && { data: t.data, shape: shape! }, rows, text("models.t-required"));
}
