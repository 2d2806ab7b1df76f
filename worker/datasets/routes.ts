/**
 * Named datasets of 28x28 images (mounted at /v1): GET /datasets (public list), PUT
 * /datasets/{name}/{split} (admin: the official IDX files, gzip or not, or raw uint8, streamed
 * into R2), DELETE /datasets/{name} (admin), and GET /mnist/samples?dataset= (public: images of
 * the train or test split; never the grading split).
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { text } from "../../core/i18n";
import { U8_SCALE } from "../../core/nn/sparse-rows";
import { Random } from "../../core/random";
import type { AppEnv } from "../env";
import { requireAdmin } from "../http/auth";
import { problem, uriTooLong } from "../http/openapi";
import { Problem } from "../http/problem";
import { ESTIMATE_HEADER } from "../http/work";
import { checkDatasetName, DATASET_LIMITS, DEFAULT_DATASET, deleteDataset, listDatasets, PIXELS } from "./bucket";
import { mustGetSplit, publicSplit } from "./lookup";
import { parseClasses, storeUpload, UPLOAD_MAX_BYTES } from "./upload";

/** n indices from 0..count-1 without replacement: the first n steps of a seeded Fisher-Yates. */
export function sampleIndices(count: number, n: number, seed: number): Int32Array {
  const rng = new Random(seed);
  const all = new Int32Array(count);
  for (let i = 0; i < count; i++) all[i] = i;
  for (let i = 0; i < n; i++) {
    const j = i + rng.randint(count - i);
    const tmp = all[i];
    all[i] = all[j];
    all[j] = tmp;
  }
  return all.slice(0, n);
}

// JSON spellings of the 256 pixel values: float32(p) / 255 as numpy's tolist() prints them, or p.
const FLOAT_TEXT = Array.from(U8_SCALE, (v) => JSON.stringify(v));
const INT_TEXT = Array.from({ length: 256 }, (_, p) => String(p));

function intParam(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === "") return fallback;
  const v = Number(value);
  if (!Number.isInteger(v) || v < min || v > max)
    throw Problem.field(name, text("datasets.int", { name, min, max, got: JSON.stringify(value) }));
  return v;
}

const DatasetParam = z.string().openapi({
  param: { name: "name", in: "path" },
  example: "mnist",
  description: "Dataset name: 1-40 lowercase letters, digits, '.', '_', '-'",
});

const SamplesQuery = z.object({
  dataset: z.string().default(DEFAULT_DATASET).openapi({ example: "mnist", description: "Dataset (default mnist)" }),
  split: z
    .string()
    .default("test")
    .openapi({ example: "test", description: "test (default) or train; the private grading split is refused (422)" }),
  n: z
    .string()
    .optional()
    .openapi({ example: "10", description: "How many images (1 .. the split's size; default 10)" }),
  seed: z
    .string()
    .optional()
    .openapi({ example: "1", description: "Seed of the sampling without replacement (default 0)" }),
  offset: z
    .string()
    .optional()
    .openapi({ example: "0", description: "Take n consecutive images from here instead of sampling" }),
  format: z.enum(["json", "u8"]).default("json").openapi({ example: "json" }),
  scale: z
    .enum(["1", "255"])
    .default("1")
    .openapi({ example: "1", description: "JSON values 0..1 (float32 p/255 as the book's normalize) or 0..255" }),
});

const SplitSummary = z.object({
  count: z.number().int(),
  sha256: z
    .object({ images: z.string(), labels: z.string() })
    .optional()
    .openapi({ description: "SHA-256 of the split's pixels (count x 784 uint8, no header) and labels" }),
  created: z.string(),
  private: z
    .literal(true)
    .optional()
    .openapi({ description: "The grading split: counted here, served by no public route" }),
});
const DATASETS_EXAMPLE = {
  datasets: [
    {
      name: "mnist",
      classes: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
      splits: {
        train: { count: 7000, sha256: { images: "…", labels: "…" }, created: "2026-01-01T00:00:00.000Z" },
        test: { count: 2000, sha256: { images: "…", labels: "…" }, created: "2026-01-01T00:00:00.000Z" },
        grading: { count: 1000, created: "2026-01-01T00:00:00.000Z", private: true },
      },
    },
  ],
};
const DatasetList = z
  .object({
    datasets: z.array(
      z.object({ name: z.string(), classes: z.array(z.string()), splits: z.record(z.string(), SplitSummary) }),
    ),
  })
  .openapi("Datasets");

export function registerDatasets(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/datasets",
      operationId: "listDatasets",
      security: [],
      tags: ["Datasets"],
      summary: "The stored datasets",
      description:
        "Every dataset: its class names (label order) and its splits with their counts and the SHA-256 of their pixels and labels. The private grading split is counted only.",
      responses: {
        200: {
          description: "The datasets",
          content: { "application/json": { schema: DatasetList, example: DATASETS_EXAMPLE } },
        },
        ...uriTooLong,
      },
    }),
    async (c) => c.json({ datasets: await listDatasets(c.env.DATASETS) }, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/mnist/samples",
      operationId: "getMnistSamples",
      security: [],
      tags: ["Datasets"],
      summary: "Images from a dataset's train or test split",
      description:
        "n images (up to the whole split) of ?dataset= (default mnist) drawn without replacement with a seeded xoshiro128** Fisher-Yates (same seed, same images), or n consecutive ones from ?offset=. JSON {dataset, split, classes, indices, t, x}: x rows of 784 values, float32(p)/255 as load_mnist(normalize=True) (numpy's tolist() of them) or 0..255 with scale=255. format=u8: n x 784 pixel bytes followed by n label bytes (X-Count header). The grading split is never served.",
      request: { query: SamplesQuery },
      responses: {
        200: {
          description: "The images",
          content: {
            "application/json": {
              schema: z
                .object({
                  dataset: z.string(),
                  split: z.string(),
                  classes: z.array(z.string()),
                  indices: z.array(z.number().int()),
                  t: z.array(z.number().int()),
                  x: z.array(z.array(z.number())),
                })
                .openapi("Samples"),
              example: {
                dataset: "mnist",
                split: "test",
                classes: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
                indices: [1337],
                t: [7],
                x: [Array.from({ length: PIXELS }, () => 0)],
              },
            },
            "application/octet-stream": {
              schema: { type: "string", format: "binary" },
              example: "(n x 784 pixels, then n labels)",
            },
          },
        },
        404: problem("The dataset or split is not stored"),
        422: problem("n, seed or offset out of range, or split=grading (private)"),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const split = publicSplit(q.split, q.dataset);
      const data = await mustGetSplit(c.env.DATASETS, q.dataset, split);
      const count = data.meta.count;
      const n = intParam(q.n, "n", Math.min(10, count), 1, count);
      // Writing an image as JSON text costs ~0.14 ms of CPU (npm run budgets); stated with a 2x margin.
      c.header(ESTIMATE_HEADER, String(Math.round(5 + 0.3 * n)));
      let indices: Int32Array;
      if (q.offset !== undefined) {
        const offset = intParam(q.offset, "offset", 0, 0, count - n);
        indices = Int32Array.from({ length: n }, (_, i) => offset + i);
      } else {
        indices = sampleIndices(count, n, intParam(q.seed, "seed", 0, 0, 2 ** 32 - 1));
      }
      if (q.format === "u8") {
        const out = new Uint8Array(n * (PIXELS + 1));
        indices.forEach((src, i) => {
          out.set(data.images.subarray(src * PIXELS, (src + 1) * PIXELS), i * PIXELS);
          out[n * PIXELS + i] = data.labels[src];
        });
        return c.body(out, 200, {
          "content-type": "application/octet-stream",
          "x-count": String(n),
          "x-split": split,
          "x-dataset": q.dataset,
        });
      }
      // Streamed row by row: a whole train split is ~35 MB of JSON text per 8,000 images.
      const text = q.scale === "255" ? INT_TEXT : FLOAT_TEXT;
      const enc = new TextEncoder();
      let row = 0;
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          const t = Array.from(indices, (i) => data.labels[i]);
          const head = `{"dataset":${JSON.stringify(q.dataset)},"split":${JSON.stringify(split)},"classes":${JSON.stringify(data.meta.classes)},"indices":[${indices.join(",")}],"t":[${t.join(",")}],"x":[`;
          controller.enqueue(enc.encode(head));
        },
        pull(controller) {
          const parts: string[] = [];
          for (const end = Math.min(n, row + 200); row < end; row++) {
            const base = indices[row] * PIXELS;
            let s = row === 0 ? "[" : ",[";
            for (let p = 0; p < PIXELS; p++) s += (p ? "," : "") + text[data.images[base + p]];
            parts.push(s + "]");
          }
          if (row >= n) parts.push("]}");
          controller.enqueue(enc.encode(parts.join("")));
          if (row >= n) controller.close();
        },
      });
      return c.body(stream, 200, { "content-type": "application/json" });
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/datasets/{name}/{split}",
      operationId: "putDatasetSplit",
      tags: ["Datasets"],
      summary: "Store a split of a dataset (admin)",
      description:
        `multipart/form-data with files "images" and "labels" — the official IDX files as they come, gzip-compressed or not ` +
        `(curl -F images=@train-images-idx3-ubyte.gz -F labels=@train-labels-idx1-ubyte.gz) — and an optional field "classes" ` +
        `(the ${DATASET_LIMITS.classes} class names in label order, comma-separated; default: those of the dataset's stored splits, else the digits 0..9); ` +
        `or application/octet-stream of n x 784 pixel bytes followed by n label bytes (with ?classes=). 28x28 images, at most ${DATASET_LIMITS.maxCount.toLocaleString("en-US")} per split, body at most ${UPLOAD_MAX_BYTES} bytes. ` +
        `The body streams into R2 (multipart upload) and is never held whole. Uploading train also carves the private grading split (model problems are graded on it) from the end of the training files: ` +
        `?grading=N images (default: one in eight, rounded down to a hundred: 60,000 -> 52,500 train + 7,500 grading; none if a grading split was uploaded on its own), ?grading=0 for none. ` +
        `PUT .../grading stores a grading split of its own. Replaces the split atomically: the new blobs are written before the document that names them.`,
      security: [{ bearer: [] }],
      middleware: [requireAdmin] as const,
      request: {
        params: z.object({
          name: DatasetParam,
          split: z
            .enum(["train", "test", "grading"])
            .openapi({ param: { name: "split", in: "path" }, example: "train" }),
        }),
        query: z.object({
          classes: z
            .string()
            .optional()
            .openapi({ example: "T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot" }),
          grading: z
            .string()
            .optional()
            .openapi({ example: "5000", description: "train only: images carved from the end into the grading split" }),
        }),
        body: {
          required: true,
          content: {
            "multipart/form-data": {
              schema: {
                type: "object",
                properties: {
                  images: { type: "string", format: "binary" },
                  labels: { type: "string", format: "binary" },
                  classes: { type: "string" },
                },
                required: ["images", "labels"],
              },
              example: { images: "(t10k-images-idx3-ubyte.gz)", labels: "(t10k-labels-idx1-ubyte.gz)" },
            },
            "application/octet-stream": {
              schema: { type: "string", format: "binary" },
              example: "(n x 784 pixels, then n labels)",
            },
          },
        },
      },
      responses: {
        201: {
          description: "Stored: the split, and the grading split carved from it",
          content: {
            "application/json": {
              schema: z.any().openapi({
                example: {
                  stored: [
                    {
                      dataset: "mnist",
                      split: "test",
                      count: 2000,
                      classes: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
                    },
                  ],
                },
              }),
            },
          },
        },
        400: problem("Malformed multipart body"),
        401: problem("Missing or wrong bearer token"),
        403: problem("Writes are disabled"),
        409: problem("Class names differ from the dataset's stored splits"),
        413: problem("Body larger than the cap"),
        415: problem("Unsupported content type"),
        422: problem("Not IDX files, sizes or labels invalid"),
      },
    }),
    async (c) => {
      const { name, split } = c.req.valid("param");
      const q = c.req.valid("query");
      checkDatasetName(name, "/name");
      const grading =
        q.grading === undefined ? undefined : intParam(q.grading, "grading", 0, 0, DATASET_LIMITS.maxCount);
      if (grading !== undefined && split !== "train")
        throw Problem.field("grading", text("datasets.grading-train-only"));
      const classes = q.classes === undefined ? undefined : parseClasses(q.classes, "classes");
      const stored = await storeUpload(c.env.DATASETS, c.req.raw, { dataset: name, split, classes, grading });
      // Gunzip, IDX reading, SHA-256 and writing to R2: ~0.03 ms per image in npm run budgets, stated with a margin.
      const images = stored.reduce((n, m) => n + m.count, 0);
      c.header(ESTIMATE_HEADER, String(Math.round(200 + 0.05 * images)));
      return c.json({ stored }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/datasets/{name}",
      operationId: "deleteDataset",
      tags: ["Datasets"],
      summary: "Delete a dataset and all its splits (admin)",
      security: [{ bearer: [] }],
      middleware: [requireAdmin] as const,
      request: { params: z.object({ name: DatasetParam }) },
      responses: {
        200: {
          description: "Deleted",
          content: {
            "application/json": {
              schema: z.object({ deleted: z.string() }).openapi({ example: { deleted: "fashion" } }),
            },
          },
        },
        401: problem("Missing or wrong bearer token"),
        403: problem("Writes are disabled"),
        404: problem("Unknown dataset"),
      },
    }),
    async (c) => {
      const { name } = c.req.valid("param");
      checkDatasetName(name, "/name");
      if (!(await deleteDataset(c.env.DATASETS, name)))
        throw new Problem(404, text("datasets.no-dataset", { name }), {
          errors: [{ pointer: "/name", message: text("datasets.unknown-dataset") }],
        });
      return c.json({ deleted: name }, 200);
    },
  );
}
