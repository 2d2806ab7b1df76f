import { text } from "../../core/i18n";
/**
 * The digits a predict request carries, as a batch of 784-pixel rows for core/nn/predict:
 *   application/json          {x: one 784-vector, a batch (n x 784), a 28x28 image or n x 28 x 28;
 *                              values 0..1, or 0..255 with scale: 255; top?: k}
 *   application/octet-stream  uint8 rows of 784 pixels (0..255), n x 784 bytes
 *   application/x-npy         uint8 or float (<f4, <f8) of shape (784,), (n, 784), (28, 28) or (n, 28, 28);
 *                              uint8 is 0..255, floats are taken as 0..1 (or 0..255 with ?scale=255)
 *   image/png                 one digit of any size, preprocessed like MNIST (core/image)
 * uint8 rows stay uint8 (the fast path scales them exactly as x.astype(np.float32) / 255).
 */
import { mnistPreprocess } from "../../core/image/mnist-preprocess";
import type { ObjectSpec, StreamedArray } from "../../core/io/json-stream";
import { isNpy, parseNpy } from "../../core/io/npy";
import { decodePng } from "../../core/io/png";
import type { Batch } from "../../core/nn/sparse-rows";
import { PIXELS } from "../datasets/bucket";
import { isJsonType, mediaType, readBytes, readJsonFields, unsupported } from "../http/body";
import { Problem } from "../http/problem";

export const PREDICT_LIMITS = {
  /** JSON body of predict/evaluate (2,000 digits of float text need ~30 MB). */
  maxJsonBytes: 48 << 20,
  /** Digits in one JSON request. */
  maxJsonRows: 4_000,
  /** Binary body (uint8 rows or .npy): 10,000 float32 digits are 31.4 MB. */
  maxBinaryBytes: 32 << 20,
  /** Digits in one binary request. */
  maxBinaryRows: 10_000,
  /** PNG body and its decoded size. */
  maxPngBytes: 8 << 20,
  // A digit needs far less; decoding holds several full-size copies (about 40 bytes a pixel at 16-bit RGBA).
  maxPngPixels: 1_000_000,
  maxPngSide: 8192,
} as const;

/**
 * The digit fields of a JSON body for the streaming reader: x rows of 784 pixels or 28x28
 * images (float32, as numpy's astype(np.float32)), t labels or one-hot rows.
 */
export function digitFields(maxRows: number): ObjectSpec {
  return {
    x: { kind: "array", maxRank: 3, maxElements: maxRows * PIXELS, dtype: "float32", rowLengths: [PIXELS, 28] },
    t: { kind: "array", maxRank: 2, maxElements: maxRows * 10, scalar: true },
  };
}

export const PREDICT_TYPES = [
  "application/json",
  "application/octet-stream",
  "application/x-npy",
  "image/png",
] as const;

export interface PredictInput {
  batch: Batch;
  /** True when the request was a single digit (the answer is still a list of one prediction). */
  single: boolean;
  top?: number;
  /** t of a JSON body (evaluate), as the streaming reader read it; null when absent, undefined when not JSON. */
  labels?: StreamedArray | null;
}

function rowsOf(shape: number[], pointer: string): { rows: number; single: boolean } {
  const dims = shape.join(", ");
  if (shape.length === 1 && shape[0] === PIXELS) return { rows: 1, single: true };
  if (shape.length === 2 && shape[0] === 28 && shape[1] === 28) return { rows: 1, single: true };
  if (shape.length === 2 && shape[1] === PIXELS) return { rows: shape[0], single: false };
  if (shape.length === 3 && shape[1] === 28 && shape[2] === 28) return { rows: shape[0], single: false };
  throw Problem.field(pointer, text("models.not-a-digit", { dims }));
}

function checkRows(rows: number, max: number, pointer: string): void {
  if (rows === 0) throw Problem.field(pointer, text("models.no-digits"));
  if (rows > max) {
    throw new Problem(413, text("models.too-many-digits", { rows, max }), {
      errors: [{ pointer, message: text("models.too-many-digits-field", { max }) }],
      extra: { limit: max },
    });
  }
}

export function parseScale(value: unknown, pointer: string): 1 | 255 {
  if (value === undefined || value === null || value === 1 || value === "1") return 1;
  if (value === 255 || value === "255") return 255;
  throw Problem.field(pointer, text("models.scale", { got: JSON.stringify(value) }));
}

export function parseTop(value: unknown, pointer: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === "string" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 10)
    throw Problem.field(pointer, text("models.top"));
  return n;
}

/** x of a JSON body (float32, as the streaming reader stored it) as rows, values / scale. */
export function jsonRows(x: StreamedArray | undefined, scaleValue: unknown): { batch: Batch; single: boolean } {
  if (x === undefined) throw Problem.field("/x", text("models.x-required"));
  const scale = parseScale(scaleValue, "/scale");
  const { rows, single } = rowsOf(x.shape, "/x");
  checkRows(rows, PREDICT_LIMITS.maxJsonRows, "/x");
  const data = x.data instanceof Float32Array ? x.data : Float32Array.from(x.data);
  if (scale === 255) for (let i = 0; i < data.length; i++) data[i] = data[i] / 255; // float32 / 255, as numpy's
  return { batch: { data, rows, cols: PIXELS }, single };
}

export async function readPredictInput(
  req: Request,
  query: { scale?: string; top?: string },
  withLabels = false,
): Promise<PredictInput> {
  const type = mediaType(req);
  if (isJsonType(type)) {
    const { x, t } = digitFields(PREDICT_LIMITS.maxJsonRows);
    const spec: ObjectSpec = {
      x,
      ...(withLabels ? { t } : {}),
      scale: { kind: "value", maxBytes: 16 },
      ...(withLabels ? {} : { top: { kind: "value", maxBytes: 16 } }), // evaluate has no top
    };
    // Any other key is a 422 naming it, with a did-you-mean (worker/http/keys.ts).
    const body = await readJsonFields(
      req,
      spec,
      { maxBytes: PREDICT_LIMITS.maxJsonBytes },
      { known: Object.keys(spec) },
    );
    const { batch, single } = jsonRows(body.arrays.get("x"), body.values.scale);
    const top = parseTop(body.values.top ?? query.top, body.values.top !== undefined ? "/top" : "top");
    return { batch, single, top, labels: body.arrays.get("t") ?? null };
  }
  const top = parseTop(query.top, "top");
  if (type === "image/png") {
    const bytes = await readBytes(req, { maxBytes: PREDICT_LIMITS.maxPngBytes });
    const image = await decodePng(bytes, {
      maxPixels: PREDICT_LIMITS.maxPngPixels,
      maxDimension: PREDICT_LIMITS.maxPngSide,
    });
    return { batch: { data: mnistPreprocess(image), rows: 1, cols: PIXELS }, single: true, top };
  }
  if (type === "application/octet-stream" || type === "application/x-npy") {
    const bytes = await readBytes(req, { maxBytes: PREDICT_LIMITS.maxBinaryBytes });
    if (type === "application/x-npy" || isNpy(bytes))
      return { ...npyRows(bytes, parseScale(query.scale, "scale")), top };
    if (bytes.length === 0 || bytes.length % PIXELS !== 0) {
      throw Problem.field("", text("models.uint8-rows", { bytes: bytes.length }));
    }
    const rows = bytes.length / PIXELS;
    checkRows(rows, PREDICT_LIMITS.maxBinaryRows, "");
    return { batch: { data: bytes, rows, cols: PIXELS }, single: false, top };
  }
  throw unsupported(type, PREDICT_TYPES);
}

function npyRows(bytes: Uint8Array, scale: 1 | 255): { batch: Batch; single: boolean } {
  const array = parseNpy(bytes);
  const { rows, single } = rowsOf(array.shape, "");
  checkRows(rows, PREDICT_LIMITS.maxBinaryRows, "");
  if (array.data instanceof Uint8Array) return { batch: { data: array.data, rows, cols: PIXELS }, single };
  // parseNpy's float32 array is a view of the body (or its aligned copy): scaled in place (a
  // second 31 MB copy would pass the memory budget).
  const data = array.data instanceof Float32Array ? array.data : new Float32Array(array.data.length);
  for (let i = 0; i < data.length; i++) {
    const v = array.data[i];
    if (!Number.isFinite(v)) throw Problem.field("", text("models.element-finite", { index: i, value: v }));
    // As for JSON pixels: a value far outside the range would overflow the scores into NaN.
    if (v < 0 || v > scale) {
      const outside = text("models.element-range", { index: i, value: v, scale });
      throw Problem.field("", scale === 1 && v > 1 && v <= 255 ? [outside, text("models.scale-hint")] : outside);
    }
    data[i] = scale === 1 ? v : v / 255;
  }
  return { batch: { data, rows, cols: PIXELS }, single };
}
