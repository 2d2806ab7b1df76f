/**
 * The bundled MNIST digits, mounted at /v1: GET /v1/mnist/samples (public) and
 * PUT /v1/datasets/mnist/{split} (admin; how `npm start` seeds local KV through the API).
 */

import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { U8_SCALE } from "../../core/nn/sparse-rows";
import { Random } from "../../core/random";
import type { AppEnv } from "../env";
import { requireAdmin } from "../http/auth";
import { mediaType, readBytes, readMultipart, unsupported } from "../http/body";
import { problem } from "../http/openapi";
import { Problem } from "../http/problem";
import { type Resource, resource } from "../http/resource";
import { ESTIMATE_HEADER } from "../http/work";
import { DATASET_LIMITS, getDataset, PIXELS, putDataset, type Split } from "./store";

/** Upload body cap: the largest split's images and labels, n x 785 bytes. */
export const DATASET_MAX_BYTES = DATASET_LIMITS.maxCount * (PIXELS + 1) + (64 << 10);

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
    throw Problem.field(name, `${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return v;
}

const SamplesQuery = z.object({
  split: z.enum(["test", "train"]).default("test").openapi({ example: "test" }),
  n: z
    .string()
    .optional()
    .openapi({ example: "10", description: "How many digits (1 .. the split's size; default 10)" }),
  seed: z
    .string()
    .optional()
    .openapi({ example: "1", description: "Seed of the sampling without replacement (default 0)" }),
  offset: z
    .string()
    .optional()
    .openapi({ example: "0", description: "Take n consecutive digits from here instead of sampling" }),
  format: z.enum(["json", "u8"]).default("json").openapi({ example: "json" }),
  scale: z
    .enum(["1", "255"])
    .default("1")
    .openapi({ example: "1", description: "JSON values 0..1 (float32 p/255 as the book's normalize) or 0..255" }),
});

const samplesRoute = createRoute({
  method: "get",
  path: "/mnist/samples",
  operationId: "getMnistSamples",
  security: [],
  tags: ["MNIST"],
  summary: "Digits from the stored MNIST splits",
  description:
    "n digits (up to the whole split: 2,000 test, 8,000 train as bundled) drawn without replacement with a seeded xoshiro128** Fisher-Yates (same seed, same digits), or n consecutive ones from ?offset=. JSON {split, indices, t, x}: x rows of 784 values, float32(p)/255 as load_mnist(normalize=True) (numpy's tolist() of them) or 0..255 with scale=255. format=u8: n x 784 pixel bytes followed by n label bytes (X-Count header).",
  request: { query: SamplesQuery },
  responses: {
    200: {
      description: "The digits",
      content: {
        "application/json": {
          schema: z
            .object({
              split: z.string(),
              indices: z.array(z.number().int()),
              t: z.array(z.number().int()),
              x: z.array(z.array(z.number())),
            })
            .openapi("Samples"),
          example: { split: "test", indices: [1337], t: [7], x: [Array.from({ length: PIXELS }, () => 0)] },
        },
        "application/octet-stream": {
          schema: { type: "string", format: "binary" },
          example: "(n x 784 pixels, then n labels)",
        },
      },
    },
    404: problem("The split is not stored"),
    422: problem("n, seed or offset out of range"),
  },
});

const samplesHandler: RouteHandler<typeof samplesRoute, AppEnv> = async (c) => {
  const q = c.req.valid("query");
  const data = await getDataset(c.env.KV, q.split);
  if (!data)
    throw new Problem(404, `the ${q.split} digits are not stored (PUT /v1/datasets/mnist/${q.split})`, {
      errors: [{ pointer: "split", message: "not stored" }],
    });
  const count = data.meta.count;
  const n = intParam(q.n, "n", Math.min(10, count), 1, count);
  // Writing a digit as JSON text costs ~0.14 ms of CPU (npm run budgets); stated with a 2x margin.
  const estimatedMs = Math.round(5 + 0.3 * n);
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
      "x-split": q.split,
      [ESTIMATE_HEADER]: String(estimatedMs),
    });
  }
  // Streamed row by row: a whole train split is ~35 MB of JSON text.
  const text = q.scale === "255" ? INT_TEXT : FLOAT_TEXT;
  const enc = new TextEncoder();
  let row = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const t = Array.from(indices, (i) => data.labels[i]);
      controller.enqueue(
        enc.encode(`{"split":${JSON.stringify(q.split)},"indices":[${indices.join(",")}],"t":[${t.join(",")}],"x":[`),
      );
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
  return new Response(stream, {
    status: 200,
    headers: { "content-type": "application/json", [ESTIMATE_HEADER]: String(estimatedMs) },
  });
};

const putSplitRoute = createRoute({
  method: "put",
  path: "/datasets/mnist/{split}",
  operationId: "putMnistSplit",
  tags: ["MNIST"],
  summary: "Store a split of digits (admin)",
  description:
    `multipart/form-data with files "images" (n x 784 uint8, the .u8 file) and "labels" (n uint8 ` +
    `0..9), e.g. curl -F images=@test-images.u8 -F labels=@test-labels.u8; or ` +
    `application/octet-stream of the images followed by the labels (n x 785 bytes: cat ` +
    `test-images.u8 test-labels.u8). At most ${DATASET_LIMITS.maxCount} digits. Replaces the split ` +
    `atomically (the new blobs are written before the document that names them).`,
  security: [{ bearer: [] }],
  middleware: [requireAdmin] as const,
  request: {
    params: z.object({
      split: z.enum(["test", "train"]).openapi({ param: { name: "split", in: "path" }, example: "test" }),
    }),
    body: {
      required: true,
      content: {
        "multipart/form-data": {
          schema: {
            type: "object",
            properties: { images: { type: "string", format: "binary" }, labels: { type: "string", format: "binary" } },
          },
          example: { images: "(test-images.u8)", labels: "(test-labels.u8)" },
        },
        "application/octet-stream": {
          schema: { type: "string", format: "binary" },
          example: "(images bytes then labels bytes)",
        },
      },
    },
  },
  responses: {
    201: {
      description: "Stored",
      content: { "application/json": { schema: z.any().openapi({ example: { split: "test", count: 2000 } }) } },
    },
    401: problem("Missing or wrong bearer token"),
    403: problem("Writes are disabled"),
    413: problem("Body larger than the cap"),
    415: problem("Unsupported content type"),
    422: problem("Sizes or labels invalid"),
  },
});

const putSplitHandler: RouteHandler<typeof putSplitRoute, AppEnv> = async (c) => {
  const split: Split = c.req.valid("param").split;
  const type = mediaType(c.req.raw);
  let images: Uint8Array;
  let labels: Uint8Array;
  if (type === "multipart/form-data") {
    const form = await readMultipart(c.req.raw, { maxBytes: DATASET_MAX_BYTES });
    const part = async (name: string): Promise<Uint8Array> => {
      const value = form.get(name) as unknown;
      if (value === null) throw Problem.field(`/${name}`, `missing the "${name}" file`);
      if (typeof value === "string") return new TextEncoder().encode(value);
      return new Uint8Array(await (value as Blob).arrayBuffer());
    };
    images = await part("images");
    labels = await part("labels");
  } else if (type === "application/octet-stream") {
    const raw = await readBytes(c.req.raw, { maxBytes: DATASET_MAX_BYTES });
    if (raw.length === 0 || raw.length % (PIXELS + 1) !== 0) {
      throw Problem.field("", `${raw.length} bytes is not n x 785 (n x 784 pixels followed by n labels)`);
    }
    const n = raw.length / (PIXELS + 1);
    images = raw.subarray(0, n * PIXELS);
    labels = raw.subarray(n * PIXELS);
  } else {
    throw unsupported(type, ["multipart/form-data", "application/octet-stream"]);
  }
  const meta = await putDataset(c.env.KV, split, images, labels);
  return c.json(meta, 201);
};

function registerMnist(app: Resource): void {
  app.openapi(samplesRoute, samplesHandler);
  app.openapi(putSplitRoute, putSplitHandler);
}

/** The dataset routes, mounted at /v1. */
export const datasets = resource();
registerMnist(datasets);
