import { text } from "../../core/i18n";
/**
 * Networks in Workers KV under immutable versioned keys plus a small pointer:
 *
 *   model/<name>/v/<version>/params   raw little-endian float32 params, concatenated in the order
 *                                     of meta.params (core/nn/model-file.ts); KV metadata {sha256}
 *   model/<name>/v/<version>/meta     JSON StoredModelMeta: arch, activation, dims, param shapes
 *                                     and byte offsets, sha256 of the params, created, accuracy,
 *                                     source, and the version history up to this version
 *   model-pointer/<name>              JSON {version, sha256}; its KV metadata is the model's
 *                                     summary, so GET /v1/models is one list() call
 *
 * Writes go params -> meta -> pointer, so a reader that found a pointer finds a whole version.
 * Versions only grow (the pointer's version + 1, skipping any number whose meta exists). Writers
 * of one name are serialised within an isolate; KV has no compare-and-swap, so two isolates racing
 * can at worst both write the same version number; the sha-256 in pointer and meta then turns a
 * mixed read into a "corrupt" problem, never a wrong answer. Reads: pointer -> meta -> params with
 * the sha-256 verified, the decoded network cached per isolate by name, version and sha.
 * Delete: pointer first (the model is gone for readers), then every version key.
 *
 * Predict's hot path reads only the pointer, and remembers it per isolate for POINTER_TTL_MS:
 * this isolate's own PUT and DELETE update the memo at once, another isolate's are seen within
 * that time (KV itself propagates writes between locations within about 60 s).
 */
import { residentNetwork } from "../../core/nn/kernel-registry";
import { decodeModelFile, encodeModelFile, type ModelMeta } from "../../core/nn/model-file";
import {
  type Activation,
  type Arch,
  type Dims,
  type Network,
  type Network32,
  networkDims,
} from "../../core/nn/network";
import type { ModelDataset } from "../datasets/model-data";
import { corrupt, Invalid } from "../storage/errors";
import { sha256Hex } from "../storage/hash";
import { LruCache } from "../storage/lru";
import { oneWriter, type WriteQueue } from "../storage/one-writer";

export const MODEL_LIMITS = {
  /** Hidden units of a two-layer network (784 x 1024 float32 = 3.2 MB of W1). */
  maxHidden: 1024,
  /** Versions remembered in a model's history (older versions are still stored until deleted). */
  maxHistory: 100,
  /** Decoded models kept per isolate, and their total float32 bytes. */
  cacheEntries: 8,
  cacheBytes: 64 << 20,
  /** How long an isolate trusts a pointer it read before reading it again. */
  pointerTtlMs: 1000,
} as const;

export const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface Accuracy {
  split: string;
  accuracy: number;
  loss: number;
  count: number;
}

export interface VersionInfo {
  version: number;
  sha256: string;
  created: string;
  bytes: number;
  source: string;
  accuracy: number | null;
}

export interface StoredModelMeta extends ModelMeta {
  name: string;
  version: number;
  sha256: string;
  created: string;
  source: string;
  dims: Dims;
  accuracy: Accuracy | null;
  history: VersionInfo[];
  /** The data the weights were fitted to (absent: uploaded before datasets were recorded; mnist). */
  dataset?: ModelDataset;
}

export interface ModelSummary {
  name: string;
  arch: Arch;
  activation: Activation | null;
  hidden: number;
  version: number;
  sha256: string;
  created: string;
  accuracy: number | null;
  /** Name of the dataset the model belongs to (its class names are in the metadata). */
  dataset: string;
}

interface Pointer {
  version: number;
  sha256: string;
}

export interface LoadedModel {
  net: Network32;
  meta: StoredModelMeta;
}

const versionKey = (name: string, version: number, part: "params" | "meta"): string =>
  `model/${name}/v/${version}/${part}`;
const pointerKey = (name: string): string => `model-pointer/${name}`;

const cache = new LruCache<LoadedModel>(MODEL_LIMITS.cacheEntries, MODEL_LIMITS.cacheBytes);
const pointers = new Map<string, { pointer: Pointer | null; at: number }>();

/** The pointer, from this isolate's memo while it is fresh, else from KV. */
async function currentPointer(kv: KVNamespace, name: string): Promise<Pointer | null> {
  const memo = pointers.get(name);
  if (memo && Date.now() - memo.at < MODEL_LIMITS.pointerTtlMs) return memo.pointer;
  const pointer = await readPointer(kv, name);
  if (pointers.size > 1000) pointers.clear();
  pointers.set(name, { pointer, at: Date.now() });
  return pointer;
}
/** Writers of one model name, serialised within this isolate. */
const writers: WriteQueue = new Map();

export function checkModelName(name: string): void {
  if (!MODEL_NAME.test(name)) {
    throw new Invalid("/name", text("models.name"));
  }
}

async function readPointer(kv: KVNamespace, name: string): Promise<Pointer | null> {
  const raw = await kv.get(pointerKey(name), "text");
  if (raw === null) return null;
  try {
    const p = JSON.parse(raw) as Pointer;
    if (Number.isInteger(p.version) && typeof p.sha256 === "string") return p;
  } catch {
    // fall through
  }
  throw corrupt(`the pointer of model "${name}"`, "not a {version, sha256} document");
}

async function readMeta(kv: KVNamespace, name: string, version: number): Promise<StoredModelMeta | null> {
  const raw = await kv.get(versionKey(name, version, "meta"), "text");
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as StoredModelMeta;
  } catch {
    throw corrupt(`stored model "${name}" version ${version}`, "its metadata is not JSON");
  }
}

/** Summaries of every model (from the pointers' KV metadata), sorted by name. */
export async function listModels(kv: KVNamespace): Promise<ModelSummary[]> {
  const out: ModelSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await kv.list<ModelSummary>({ prefix: "model-pointer/", cursor });
    for (const key of page.keys) if (key.metadata) out.push(key.metadata);
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The current (or the given) version's metadata, or null when there is no such model/version. */
export async function getModelMeta(kv: KVNamespace, name: string, version?: number): Promise<StoredModelMeta | null> {
  if (version === undefined) {
    const pointer = await readPointer(kv, name);
    if (!pointer) return null;
    const meta = await readMeta(kv, name, pointer.version);
    if (!meta) {
      // Deleted between the two reads, or never completely written.
      if (!(await readPointer(kv, name))) return null;
      throw corrupt(`stored model "${name}" version ${pointer.version}`, "its metadata is missing");
    }
    if (meta.sha256 !== pointer.sha256)
      throw corrupt(
        `stored model "${name}" version ${pointer.version}`,
        "pointer and metadata disagree on the sha-256",
      );
    return meta;
  }
  return readMeta(kv, name, version);
}

/** The current (or the given) version as a float32 network, verified and cached; null if absent. */
export async function loadModel(kv: KVNamespace, name: string, version?: number): Promise<LoadedModel | null> {
  if (version === undefined) {
    // The hot path: the pointer names the version and its sha-256, so a model this isolate has
    // already verified is served after one KV read (a PUT is still seen by the next request).
    const pointer = await currentPointer(kv, name);
    if (!pointer) return null;
    const hit = cache.get(`${name}@${pointer.version}#${pointer.sha256}`);
    if (hit) return hit;
  }
  const meta = await getModelMeta(kv, name, version);
  if (!meta) return null;
  const cacheKey = `${name}@${meta.version}#${meta.sha256}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const what = `stored model "${name}" version ${meta.version}`;
  const buffer = await kv.get(versionKey(name, meta.version, "params"), "arrayBuffer");
  if (buffer === null) {
    if (version === undefined && !(await readPointer(kv, name))) return null;
    throw corrupt(what, "its params are missing");
  }
  const bytes = new Uint8Array(buffer);
  const sha = await sha256Hex(bytes);
  if (sha !== meta.sha256)
    throw corrupt(what, `sha-256 of the params is ${sha.slice(0, 12)}…, expected ${meta.sha256.slice(0, 12)}…`);
  let net: Network32;
  try {
    net = residentNetwork(decodeModelFile(meta, bytes)); // weights copied once into the fast kernels' memory
  } catch (err) {
    throw corrupt(what, (err as Error).message);
  }
  const loaded = { net, meta };
  cache.set(cacheKey, loaded, bytes.length);
  return loaded;
}

export interface PutOptions {
  source: string;
  /** Computes the recorded accuracy of the new network (on the held-out digits), or null. */
  measure?: (net: Network) => Promise<Accuracy | null>;
  /** The dataset the weights belong to: its name, class names and (for trained weights) the training split's sha-256. */
  dataset: ModelDataset;
}

/** Stores a validated network as the next version; returns its metadata. */
export async function putModel(
  kv: KVNamespace,
  name: string,
  net: Network,
  options: PutOptions,
): Promise<StoredModelMeta> {
  const accuracy = options.measure ? await options.measure(net) : null;
  const dims = networkDims(net);
  const { meta: fileMeta, bytes } = encodeModelFile(net);
  const sha256 = await sha256Hex(bytes);
  return oneWriter(writers, name, async () => {
    const pointer = await readPointer(kv, name).catch(() => null);
    const previous = pointer ? await readMeta(kv, name, pointer.version).catch(() => null) : null;
    let version = Math.max(pointer?.version ?? 0, previous?.history.at(-1)?.version ?? 0) + 1;
    while ((await kv.get(versionKey(name, version, "meta"), "text")) !== null) version++;
    const created = new Date().toISOString();
    const info: VersionInfo = {
      version,
      sha256,
      created,
      bytes: bytes.length,
      source: options.source,
      accuracy: accuracy?.accuracy ?? null,
    };
    const meta: StoredModelMeta = {
      ...fileMeta,
      name,
      version,
      sha256,
      created,
      source: options.source,
      dims,
      accuracy,
      history: [...(previous?.history ?? []), info].slice(-MODEL_LIMITS.maxHistory),
      dataset: options.dataset,
    };
    const summary: ModelSummary = {
      name,
      arch: net.arch,
      activation: net.arch === "two-layer" ? (net.activation ?? "sigmoid") : null,
      hidden: dims.hidden,
      version,
      sha256,
      created,
      accuracy: info.accuracy,
      dataset: options.dataset.name,
    };
    await kv.put(versionKey(name, version, "params"), bytes, { metadata: { sha256 } });
    await kv.put(versionKey(name, version, "meta"), JSON.stringify(meta));
    await kv.put(pointerKey(name), JSON.stringify({ version, sha256 } satisfies Pointer), { metadata: summary });
    pointers.set(name, { pointer: { version, sha256 }, at: Date.now() });
    return meta;
  });
}

/** Removes a model: the pointer first, then every stored version. False if there was none. */
export async function deleteModel(kv: KVNamespace, name: string): Promise<boolean> {
  return oneWriter(writers, name, async () => {
    const existed = (await kv.get(pointerKey(name), "text")) !== null;
    await kv.delete(pointerKey(name));
    pointers.set(name, { pointer: null, at: Date.now() });
    let cursor: string | undefined;
    let found = false;
    do {
      const page = await kv.list({ prefix: `model/${name}/v/`, cursor });
      await Promise.all(page.keys.map((k) => kv.delete(k.name)));
      found ||= page.keys.length > 0;
      cursor = page.list_complete ? undefined : page.cursor;
    } while (cursor);
    cache.deletePrefix(`${name}@`);
    return existed || found;
  });
}

/** For tests and diagnostics: the KV key of a version's params. */
export function paramsKey(name: string, version: number): string {
  return versionKey(name, version, "params");
}
