/**
 * The images a training job learns from: the train split of a stored dataset (R2; default
 * mnist), or posted JSON {x, t, scale?}: x a batch of 784-pixel rows (or n x 28 x 28) with
 * values 0..1 (0..255 with scale: 255), t a label 0..9 per row or one-hot rows of 10. Held-out
 * accuracy is measured on the dataset's test split whenever it is stored.
 */
import { meanPixels } from "../../core/cost/training";
import { text } from "../../core/i18n";
import type { StreamedArray } from "../../core/io/json-stream";
import type { LabeledSet } from "../../core/nn/train";
import { getSplit, PIXELS, type PublicSplit, type SplitMeta } from "../datasets/bucket";
import { mustGetSplit } from "../datasets/lookup";
import { streamedLabels } from "../http/matrix";
import { Problem } from "../http/problem";
import { parseScale } from "../models/inputs";
import { TRAIN_LIMITS } from "./limits";

export interface StoredSet extends LabeledSet {
  meta: SplitMeta;
  /** Bytes read from R2 for this request (0 when this isolate had the split already). */
  loadedBytes: number;
}

/** A public split of a stored dataset as a labelled set, or null when it is not stored. */
export async function storedSplit(bucket: R2Bucket, dataset: string, split: PublicSplit): Promise<StoredSet | null> {
  const d = await getSplit(bucket, dataset, split);
  if (!d) return null;
  const loadedBytes = d.fresh ? d.images.length + d.labels.length : 0;
  return { x: { data: d.images, rows: d.meta.count, cols: PIXELS }, t: d.labels, meta: d.meta, loadedBytes };
}

const pixelCache = new WeakMap<object, number>();

/** Mean non-zero pixels per digit of a set (what the cost of its steps grows with); cached per array. */
export function pixelsOf(set: LabeledSet): number {
  let p = pixelCache.get(set.x.data);
  if (p === undefined) {
    p = meanPixels(set.x.data, set.x.rows, set.x.cols);
    pixelCache.set(set.x.data, p);
  }
  return p;
}

/** Posted x (float32 rows, as the streaming reader stored them) in [0, 1]; every value and the row count are checked. */
function postedRows(x: StreamedArray, scaleValue: unknown): { data: Float32Array; rows: number } {
  const scale = parseScale(scaleValue, "/scale");
  const { data, shape } = x;
  const rows =
    shape.length === 2 && shape[1] === PIXELS
      ? shape[0]
      : shape.length === 3 && shape[1] === 28 && shape[2] === 28
        ? shape[0]
        : -1;
  if (rows < 0) {
    throw Problem.field("/x", text("train.not-a-batch", { dims: shape.join(", ") }));
  }
  if (rows > TRAIN_LIMITS.maxRows)
    throw Problem.field("/x", text("train.too-many-digits", { rows, max: TRAIN_LIMITS.maxRows }));
  const out = data instanceof Float32Array && scale === 1 ? data : new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < 0 || v > scale) {
      const row = Math.floor(i / PIXELS);
      const col = i % PIXELS;
      const where = shape.length === 2 ? `/x/${row}/${col}` : `/x/${row}/${Math.floor(col / 28)}/${col % 28}`;
      const outside = text("train.pixel", { value: v, scale });
      throw Problem.field(where, scale === 1 && v > 1 && v <= 255 ? [outside, text("train.pixel-hint")] : outside);
    }
    if (out !== data) out[i] = scale === 1 ? v : v / 255; // float32 / 255, as numpy's x.astype(np.float32) / 255
  }
  return { data: out, rows };
}

/** The training set of a request: posted {x, t}, or the train split of the dataset (meta: its record). */
export async function trainingSet(
  bucket: R2Bucket,
  dataset: string,
  body: { scale?: unknown },
  arrays: Map<string, StreamedArray>,
): Promise<{ set: LabeledSet; source: string; meta: SplitMeta | null; loadedBytes: number }> {
  const x = arrays.get("x");
  if (x !== undefined) {
    const { data, rows } = postedRows(x, body.scale);
    return {
      set: {
        x: { data, rows, cols: PIXELS },
        t: streamedLabels(arrays.get("t"), rows, text("train.t-required")),
      },
      source: `${rows} posted digits`,
      meta: null,
      loadedBytes: 0,
    };
  }
  if (arrays.has("t")) throw Problem.field("/x", text("train.t-without-x"));
  const stored = await mustGetSplit(bucket, dataset, "train", "/dataset");
  return {
    set: { x: { data: stored.images, rows: stored.meta.count, cols: PIXELS }, t: stored.labels },
    source: `the train split of ${dataset} (${stored.meta.count} images)`,
    meta: stored.meta,
    loadedBytes: stored.fresh ? stored.images.length + stored.labels.length : 0,
  };
}
