/**
 * The MNIST digits in Workers KV, one document per split, content-addressed blobs:
 *
 *   mnist/<split>/meta                      JSON DatasetMeta {split, count, images, labels, created}
 *   mnist/<split>/<sha-prefix>/images       count x 784 uint8 pixels, row-major (the .u8 file)
 *   mnist/<split>/<sha-prefix>/labels       count uint8 labels 0..9
 *
 * The blobs are written before the meta document that names them, and their keys contain their
 * sha-256, so a reader never mixes two uploads; both sha-256s are verified on load. The old
 * blobs are deleted after the new meta is in place. Decoded splits are cached per isolate by sha.
 */
import { MNIST_INPUT } from "../../core/nn/network";
import { corrupt, Invalid } from "../storage/errors";
import { sha256Hex } from "../storage/hash";
import { LruCache } from "../storage/lru";
import { oneWriter, type WriteQueue } from "../storage/one-writer";

export const SPLITS = ["train", "test"] as const;
export type Split = (typeof SPLITS)[number];
/** Pixels of one digit, 28 x 28: the networks' input size (core/nn/network.ts). */
export const PIXELS = MNIST_INPUT;

export const DATASET_LIMITS = {
  /** Rows per split: KV values are at most 25 MiB, and 30,000 x 784 bytes = 23.5 MB. */
  maxCount: 30_000,
} as const;

export interface BlobInfo {
  key: string;
  sha256: string;
  bytes: number;
}

export interface DatasetMeta {
  split: Split;
  count: number;
  images: BlobInfo;
  labels: BlobInfo;
  created: string;
}

export interface Dataset {
  meta: DatasetMeta;
  /** count x 784 uint8 pixels. */
  images: Uint8Array;
  /** count labels 0..9. */
  labels: Uint8Array;
}

const metaKey = (split: Split): string => `mnist/${split}/meta`;
const cache = new LruCache<Dataset>(2, 64 << 20);

export function isSplit(v: string): v is Split {
  return (SPLITS as readonly string[]).includes(v);
}

export async function getDatasetMeta(kv: KVNamespace, split: Split): Promise<DatasetMeta | null> {
  const raw = await kv.get(metaKey(split), "text");
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as DatasetMeta;
  } catch {
    throw corrupt(`the stored ${split} digits`, "their metadata is not JSON");
  }
}

/** The split's digits, verified and cached; null when none were uploaded. */
export async function getDataset(kv: KVNamespace, split: Split): Promise<Dataset | null> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const meta = await getDatasetMeta(kv, split);
    if (!meta) return null;
    const cacheKey = `${split}#${meta.images.sha256}#${meta.labels.sha256}`;
    const hit = cache.get(cacheKey);
    if (hit) return hit;
    const [images, labels] = await Promise.all([
      kv.get(meta.images.key, "arrayBuffer"),
      kv.get(meta.labels.key, "arrayBuffer"),
    ]);
    // A concurrent upload may have replaced the blobs between the two reads: read the meta again.
    if (images === null || labels === null) continue;
    const what = `the stored ${split} digits`;
    const img = new Uint8Array(images);
    const lab = new Uint8Array(labels);
    if (img.length !== meta.count * PIXELS || lab.length !== meta.count)
      throw corrupt(what, "sizes do not match the count");
    if ((await sha256Hex(img)) !== meta.images.sha256) throw corrupt(what, "sha-256 of the images does not match");
    if ((await sha256Hex(lab)) !== meta.labels.sha256) throw corrupt(what, "sha-256 of the labels does not match");
    const dataset = { meta, images: img, labels: lab };
    cache.set(cacheKey, dataset, img.length + lab.length);
    return dataset;
  }
  throw corrupt(`the stored ${split} digits`, "their blobs are missing");
}

/** Checks and stores a split (images: count x 784 uint8, labels: count values 0..9). */
export async function putDataset(
  kv: KVNamespace,
  split: Split,
  images: Uint8Array,
  labels: Uint8Array,
): Promise<DatasetMeta> {
  const count = labels.length;
  if (count === 0) throw new Invalid("/labels", "no labels");
  if (count > DATASET_LIMITS.maxCount)
    throw new Invalid("/labels", `${count} digits, at most ${DATASET_LIMITS.maxCount} per split`);
  if (images.length !== count * PIXELS) {
    throw new Invalid(
      "/images",
      `${images.length} bytes of images for ${count} labels: expected ${count} x ${PIXELS} = ${count * PIXELS}`,
    );
  }
  for (let i = 0; i < count; i++) {
    if (labels[i] > 9) throw new Invalid(`/labels/${i}`, `label ${labels[i]} is not a digit 0..9`);
  }
  const [imagesSha, labelsSha] = await Promise.all([sha256Hex(images), sha256Hex(labels)]);
  const prefix = `mnist/${split}/${imagesSha.slice(0, 16)}-${labelsSha.slice(0, 16)}`;
  const meta: DatasetMeta = {
    split,
    count,
    images: { key: `${prefix}/images`, sha256: imagesSha, bytes: images.length },
    labels: { key: `${prefix}/labels`, sha256: labelsSha, bytes: labels.length },
    created: new Date().toISOString(),
  };
  return oneWriter(writes, split, async () => {
    await kv.put(meta.images.key, images);
    await kv.put(meta.labels.key, labels);
    await kv.put(metaKey(split), JSON.stringify(meta));
    await deleteUnnamedBlobs(kv, split);
    return meta;
  });
}

/** Uploads of one split run one after another within an isolate. */
const writes: WriteQueue = new Map();

/**
 * Removes the blobs of a split that its current meta does not name. Re-reading the meta (rather
 * than deleting what was current before this upload) keeps the blobs of whichever upload's meta
 * landed last, even when two uploads raced.
 */
async function deleteUnnamedBlobs(kv: KVNamespace, split: Split): Promise<void> {
  const current = await getDatasetMeta(kv, split).catch(() => null);
  if (!current) return;
  const keep = new Set([current.images.key, current.labels.key, metaKey(split)]);
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix: `mnist/${split}/`, cursor });
    await Promise.all(page.keys.filter((k) => !keep.has(k.name)).map((k) => kv.delete(k.name)));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
}
