import { reasonOf, text } from "../../core/i18n";
/**
 * The body of PUT /v1/models/:name, as a validated network:
 *   application/json   {arch?, activation?, params: {W1: [[...]], b1: [...], W2: [[...]], b2: [...]}}
 *   application/zip, application/x-npz, or application/octet-stream starting with "PK":
 *                      an .npz from np.savez(f, **network.params) (or savez_compressed),
 *                      arch and activation from ?arch=&activation=
 * arch is inferred from the param names when omitted (W[, b] -> simple, W1, b1, W2, b2 ->
 * two-layer); activation defaults to sigmoid, as the book's TwoLayerNet.
 */
import { readNpz } from "../../core/io/npz";
import { isZip } from "../../core/io/zip";
import {
  ACTIVATIONS,
  type Activation,
  ARCHS,
  type Arch,
  isActivation,
  isArch,
  type Network,
  type Tensor,
  validateNetwork,
} from "../../core/nn/network";
import { isJsonType, mediaType, readBytes, readJson, unsupported } from "../http/body";
import { readNumbers } from "../http/matrix";
import { Problem } from "../http/problem";
import { MODEL_LIMITS } from "./store";

export const UPLOAD_LIMITS = {
  /** Upload body (JSON or npz). */
  maxBytes: 16 << 20,
  /** Uncompressed bytes of an npz's entries. */
  maxNpzBytes: 32 << 20,
  maxNpzEntries: 8,
} as const;

export const UPLOAD_TYPES = [
  "application/json",
  "application/zip",
  "application/x-npz",
  "application/octet-stream",
] as const;
const PARAMS = ["W", "b", "W1", "b1", "W2", "b2"];

export interface Upload {
  net: Network;
  source: "json" | "npz";
}

function inferArch(names: string[], pointer: string): Arch {
  const has = (n: string): boolean => names.includes(n);
  if (has("W1") || has("W2")) return "two-layer";
  if (has("W")) return "simple";
  throw Problem.field(pointer, text("models.arch-unknown", { names: names.join(", ") }));
}

function readArch(value: unknown, pointer: string): Arch | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (isArch(value)) return value;
  throw Problem.field(pointer, text("models.arch", { got: JSON.stringify(value) }));
}

function readActivation(value: unknown, pointer: string): Activation | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (isActivation(value)) return value;
  throw Problem.field(pointer, text("models.activation", { got: JSON.stringify(value) }));
}

export async function readUpload(req: Request, query: { arch?: string; activation?: string }): Promise<Upload> {
  const type = mediaType(req);
  if (isJsonType(type)) {
    const body = await readJson(req, { maxBytes: UPLOAD_LIMITS.maxBytes });
    const params = body.params;
    if (typeof params !== "object" || params === null || Array.isArray(params)) {
      throw Problem.field("/params", text("models.params-required"));
    }
    const tensors: Record<string, Tensor> = {};
    for (const [name, value] of Object.entries(params)) {
      if (!PARAMS.includes(name)) throw Problem.field(`/params/${name}`, text("models.unknown-param", { name }));
      const rows = readNumbers(value, `/params/${name}`, 2, 2_000_000);
      tensors[name] = { shape: rows.shape, data: rows.data };
    }
    const arch =
      readArch(body.arch ?? query.arch, body.arch !== undefined ? "/arch" : "arch") ??
      inferArch(Object.keys(tensors), "/params");
    const activation = readActivation(
      body.activation ?? query.activation,
      body.activation !== undefined ? "/activation" : "activation",
    );
    return { net: build(arch, activation, tensors, "/params/"), source: "json" };
  }
  if (type === "application/zip" || type === "application/x-npz" || type === "application/octet-stream") {
    const bytes = await readBytes(req, { maxBytes: UPLOAD_LIMITS.maxBytes });
    if (!isZip(bytes)) throw Problem.field("", text("models.not-npz"));
    const arrays = await readNpz(bytes, {
      maxTotalBytes: UPLOAD_LIMITS.maxNpzBytes,
      maxEntries: UPLOAD_LIMITS.maxNpzEntries,
    });
    const tensors: Record<string, Tensor> = {};
    for (const [name, a] of Object.entries(arrays)) {
      if (!PARAMS.includes(name)) throw Problem.field(`/${name}`, text("models.unknown-array", { name }));
      if (a.data instanceof Uint8Array) throw Problem.field(`/${name}`, text("models.uint8", { name }));
      tensors[name] = { shape: a.shape, data: a.data };
    }
    const arch = readArch(query.arch, "arch") ?? inferArch(Object.keys(tensors), "");
    return { net: build(arch, readActivation(query.activation, "activation"), tensors, "/"), source: "npz" };
  }
  throw unsupported(type, UPLOAD_TYPES);
}

function build(
  arch: Arch,
  activation: Activation | undefined,
  params: Record<string, Tensor>,
  prefix: string,
): Network {
  if (arch === "simple" && activation !== undefined) {
    throw Problem.field("activation", text("models.simple-activation"));
  }
  const net: Network = { arch, ...(arch === "two-layer" ? { activation: activation ?? "sigmoid" } : {}), params };
  let hidden: number;
  try {
    hidden = validateNetwork(net).hidden;
  } catch (err) {
    if (!(err instanceof RangeError || err instanceof TypeError)) throw err;
    const message = err.message.replace(/^validateNetwork: /, "");
    const reason = reasonOf(err) ?? message;
    const param = /param "(\w+)"/.exec(message)?.[1];
    throw new Problem(422, text("models.not-fit", { arch, reason }), {
      errors: [{ pointer: param ? prefix + param : prefix.replace(/\/$/, ""), message: reason }],
    });
  }
  if (hidden > MODEL_LIMITS.maxHidden) {
    throw Problem.field(prefix + "W1", text("models.hidden-cap", { hidden, max: MODEL_LIMITS.maxHidden }));
  }
  // Stored as float32: a finite float64 beyond float32's range would be stored as infinity.
  for (const [name, t] of Object.entries(params)) {
    const i = t.data.findIndex((v) => !Number.isFinite(Math.fround(v)));
    if (i >= 0) throw Problem.field(prefix + name, text("models.float32-range", { name, value: t.data[i], index: i }));
  }
  return net;
}
