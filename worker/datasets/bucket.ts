import { text } from "../../core/i18n";
/**
 * Named datasets of 28x28 uint8 images in R2 (the DATASETS bucket), one document per split and
 * blobs beside it:
 *
 *   datasets/<name>/<split>/meta.json          SplitMeta: count, class names, sha-256 and size of each blob
 *   datasets/<name>/<split>/<upload>/images    count x 784 uint8 pixels, row-major (no header)
 *   datasets/<name>/<split>/<upload>/labels    count uint8 labels, 0 .. classes - 1
 *
 * Splits: train and test (public) and grading (private: no public route serves it; model
 * problems are graded on it). The blobs of an upload are written first, under a fresh upload id,
 * then the meta document that names them, so a reader never sees a half-written split; the
 * blobs the meta no longer names are deleted afterwards. Readers verify both sha-256s and keep
 * the decoded split per isolate, keyed by its sha-256s. A split is read into one Uint8Array of
 * its exact size (a 60,000-image split is 47 MB): training converts mini-batches to float, never
 * the whole split.
 */
import { MNIST_INPUT } from "../../core/nn/network";
import { corrupt, Invalid } from "../storage/errors";
import { sha256Hex } from "../storage/hash";
import { LruCache } from "../storage/lru";
import { oneWriter, type WriteQueue } from "../storage/one-writer";
import type { BlobInfo } from "./blob-writer";

export const PIXELS = MNIST_INPUT;
export const SPLITS = ["train", "test", "grading"] as const;
export type Split = (typeof SPLITS)[number];
export const PUBLIC_SPLITS = ["train", "test"] as const;
export type PublicSplit = (typeof PUBLIC_SPLITS)[number];

export const DEFAULT_DATASET = "mnist";
export const DIGIT_CLASSES = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
export const DATASET_NAME = /^[a-z0-9][a-z0-9._-]{0,39}$/;

/**
 * CPU of reading a split from R2 into memory and checking its SHA-256, per byte: the 55 MB of
 * the 60,000 / 10,000 set took ~1.8 s beside training in `npm run budgets` (stated with a margin).
 */
export const LOAD_MS_PER_BYTE = 40e-6;

export const DATASET_LIMITS = {
  /** Images per split: the official MNIST training set. Read whole for training: 47 MB. */
  maxCount: 60_000,
  /** Classes of a dataset: the networks have 10 outputs. */
  classes: 10,
  maxClassName: 40,
  /** Decoded splits kept per isolate (bytes): a 60,000 train split and a 10,000 test split fit. */
  cacheBytes: 56 << 20,
} as const;

export interface SplitMeta {
  dataset: string;
  split: Split;
  count: number;
  classes: string[];
  images: BlobInfo;
  labels: BlobInfo;
  created: string;
  /** How the split was made: the files it came from, and what was carved off for grading. */
  source: string;
  /** A grading split carved from the end of the training files (not uploaded on its own). */
  carved?: true;
}

export interface LoadedSplit {
  meta: SplitMeta;
  /** Read from R2 by this call (not this isolate's cache): what the caller's cost estimate adds. */
  fresh?: true;
  /** count x 784 uint8 pixels. */
  images: Uint8Array;
  /** count labels, 0 .. classes - 1. */
  labels: Uint8Array;
}

export interface DatasetSummary {
  name: string;
  classes: string[];
  splits: Record<
    string,
    { count: number; sha256?: { images: string; labels: string }; created: string; private?: true }
  >;
}

const prefix = (dataset: string, split: Split): string => `datasets/${dataset}/${split}/`;
const metaKey = (dataset: string, split: Split): string => `${prefix(dataset, split)}meta.json`;
const cache = new LruCache<LoadedSplit>(4, DATASET_LIMITS.cacheBytes);

/**
 * Writes to a dataset run one after another within an isolate, so one upload's clean-up never
 * deletes the blobs of another upload still on its way (their meta not written yet).
 */
const writers: WriteQueue = new Map();
export function datasetWriter<T>(dataset: string, fn: () => Promise<T>): Promise<T> {
  return oneWriter(writers, dataset, fn);
}

export function isSplit(v: string): v is Split {
  return (SPLITS as readonly string[]).includes(v);
}

export function checkDatasetName(name: string, pointer = "/dataset"): void {
  if (!DATASET_NAME.test(name)) {
    throw new Invalid(pointer, text("datasets.name"));
  }
}

export async function getSplitMeta(bucket: R2Bucket, dataset: string, split: Split): Promise<SplitMeta | null> {
  const obj = await bucket.get(metaKey(dataset, split));
  if (obj === null) return null;
  try {
    return JSON.parse(await obj.text()) as SplitMeta;
  } catch {
    throw corrupt(`the stored ${dataset} ${split} split`, "its metadata is not JSON");
  }
}

/**
 * Reads an object into one array of its exact size, straight from R2's stream (a BYOB reader
 * fills the array in place, no piece is allocated on the way), then checks its SHA-256. Null if
 * absent.
 */
async function readBlob(bucket: R2Bucket, info: BlobInfo, what: string): Promise<Uint8Array | null> {
  const obj = await bucket.get(info.key);
  if (obj === null) return null;
  if (obj.size !== info.bytes)
    throw corrupt(what, `${info.key} holds ${obj.size} bytes, its metadata says ${info.bytes}`);
  const reader = obj.body.getReader({ mode: "byob" });
  let buffer = new ArrayBuffer(obj.size);
  let offset = 0;
  let ended = false;
  try {
    while (offset < obj.size) {
      const { done, value } = await reader.read(new Uint8Array(buffer, offset, buffer.byteLength - offset));
      if (value) buffer = value.buffer as ArrayBuffer; // the same memory, handed back
      if (done || !value) {
        ended = true;
        break;
      }
      offset += value.byteLength;
    }
    // Read to the stream's end rather than cancel it: cancelling R2's body while it still pumps
    // drops the connection under it ("Network connection lost").
    if (!ended) {
      ended = (await reader.read(new Uint8Array(1))).done;
      if (!ended) throw corrupt(what, `${info.key} holds more than the ${obj.size} bytes it reported`);
    }
  } finally {
    if (!ended) await reader.cancel().catch(() => {});
  }
  if (offset !== obj.size) throw corrupt(what, `${info.key} ended after ${offset} of ${obj.size} bytes`);
  const out = new Uint8Array(buffer);
  if ((await sha256Hex(out)) !== info.sha256) throw corrupt(what, `sha-256 of ${info.key} does not match its metadata`);
  return out;
}

/** A split's images and labels, verified and cached; null when it is not stored. */
export async function getSplit(bucket: R2Bucket, dataset: string, split: Split): Promise<LoadedSplit | null> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const meta = await getSplitMeta(bucket, dataset, split);
    if (!meta) return null;
    const cacheKey = `${dataset}/${split}#${meta.images.sha256}#${meta.labels.sha256}`;
    const hit = cache.get(cacheKey);
    if (hit) return hit;
    const what = `the stored ${dataset} ${split} split`;
    // One at a time: the labels are small, the images up to 47 MB.
    const labels = await readBlob(bucket, meta.labels, what);
    const images = labels && (await readBlob(bucket, meta.images, what));
    // A newer upload may have replaced the blobs between the reads: read the meta again.
    if (!images || !labels) continue;
    if (images.length !== meta.count * PIXELS || labels.length !== meta.count)
      throw corrupt(what, "sizes do not match the count");
    const loaded = { meta, images, labels };
    cache.set(cacheKey, loaded, images.length + labels.length);
    return { ...loaded, fresh: true };
  }
  throw corrupt(`the stored ${dataset} ${split} split`, "its blobs are missing");
}

/** Every dataset with its splits (grading: count only), sorted by name. */
export async function listDatasets(bucket: R2Bucket): Promise<DatasetSummary[]> {
  const metas: SplitMeta[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: "datasets/", cursor });
    const keys = page.objects.map((o) => o.key).filter((k) => k.endsWith("/meta.json"));
    for (const key of keys) {
      const [, dataset, split] = key.split("/");
      if (!isSplit(split)) continue;
      const meta = await getSplitMeta(bucket, dataset, split);
      if (meta) metas.push(meta);
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  const byName = new Map<string, DatasetSummary>();
  for (const m of metas) {
    const d = byName.get(m.dataset) ?? { name: m.dataset, classes: m.classes, splits: {} };
    d.splits[m.split] =
      m.split === "grading"
        ? { count: m.count, created: m.created, private: true }
        : { count: m.count, sha256: { images: m.images.sha256, labels: m.labels.sha256 }, created: m.created };
    if (m.split === "train") d.classes = m.classes;
    byName.set(m.dataset, d);
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The class names a dataset's stored splits agree on, or null when none is stored. */
export async function storedClasses(
  bucket: R2Bucket,
  dataset: string,
  except?: Split,
): Promise<{ split: Split; classes: string[] } | null> {
  for (const split of SPLITS) {
    if (split === except) continue;
    const meta = await getSplitMeta(bucket, dataset, split);
    if (meta) return { split, classes: meta.classes };
  }
  return null;
}

/**
 * Publishes written blobs as a split: the meta document first names them (readers switch over
 * at once), then the blobs of earlier uploads of that split are deleted.
 */
export async function publishSplit(bucket: R2Bucket, meta: SplitMeta): Promise<void> {
  await bucket.put(metaKey(meta.dataset, meta.split), JSON.stringify(meta), {
    httpMetadata: { contentType: "application/json" },
  });
  const current = await getSplitMeta(bucket, meta.dataset, meta.split).catch(() => null);
  if (!current) return;
  // Whichever upload's meta landed last keeps its blobs, even when two uploads raced.
  const keep = new Set([current.images.key, current.labels.key, metaKey(meta.dataset, meta.split)]);
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: prefix(meta.dataset, meta.split), cursor });
    const stale = page.objects.map((o) => o.key).filter((k) => !keep.has(k));
    if (stale.length) await bucket.delete(stale);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
}

/** A key for a new blob of a split: under a fresh upload id, so no reader ever sees it change. */
export function blobKey(dataset: string, split: Split, upload: string, part: "images" | "labels"): string {
  return `${prefix(dataset, split)}${upload}/${part}`;
}

/** Removes a dataset: every split's meta first (readers stop seeing it), then the blobs. */
export async function deleteDataset(bucket: R2Bucket, dataset: string): Promise<boolean> {
  const metas = SPLITS.map((s) => metaKey(dataset, s));
  const existed = (await Promise.all(metas.map((k) => bucket.head(k)))).some((h) => h !== null);
  await bucket.delete(metas);
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: `datasets/${dataset}/`, cursor });
    if (page.objects.length) await bucket.delete(page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  cache.deletePrefix(`${dataset}/`);
  return existed;
}

/** Checks labels against the class count; Invalid naming the first bad one. */
export function checkLabelValues(labels: Uint8Array, classes: number, pointer = "/labels"): void {
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= classes)
      throw new Invalid(`${pointer}/${i}`, text("datasets.label-class", { label: labels[i], max: classes - 1 }));
  }
}

/**
 * Stores a split from arrays already in memory (the bundled digits in tests; the upload route
 * streams instead): images count x 784, labels count values. Each blob is one put of the bytes
 * it was given (they are in memory already, so no multipart upload is needed).
 */
export async function putSplitBytes(
  bucket: R2Bucket,
  dataset: string,
  split: Split,
  images: Uint8Array,
  labels: Uint8Array,
  options: { classes?: string[]; source?: string; carved?: boolean } = {},
): Promise<SplitMeta> {
  const count = labels.length;
  if (count === 0) throw new Invalid("/labels", text("datasets.no-labels"));
  if (images.length !== count * PIXELS)
    throw new Invalid(
      "/images",
      text("datasets.images-bytes", { bytes: images.length, count, expected: count * PIXELS }),
    );
  const classes = options.classes ?? DIGIT_CLASSES;
  checkLabelValues(labels, classes.length);
  return datasetWriter(dataset, async () => {
    const upload = crypto.randomUUID();
    const write = async (part: "images" | "labels", bytes: Uint8Array): Promise<BlobInfo> => {
      const key = blobKey(dataset, split, upload, part);
      await bucket.put(key, bytes);
      return { key, sha256: await sha256Hex(bytes), bytes: bytes.length };
    };
    const meta: SplitMeta = {
      dataset,
      split,
      count,
      classes,
      images: await write("images", images),
      labels: await write("labels", labels),
      created: new Date().toISOString(),
      source: options.source ?? `${count} images`,
      ...(options.carved ? { carved: true as const } : {}),
    };
    await publishSplit(bucket, meta);
    return meta;
  });
}
