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
  throw Problem.field(
    pointer,
    `cannot tell the architecture from params [${names.join(", ")}]: expected W (and b) or W1, b1, W2, b2`,
  );
}

function readArch(value: unknown, pointer: string): Arch | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (isArch(value)) return value;
  throw Problem.field(
    pointer,
    `arch must be ${ARCHS.map((a) => JSON.stringify(a)).join(" or ")}, got ${JSON.stringify(value)}`,
  );
}

function readActivation(value: unknown, pointer: string): Activation | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (isActivation(value)) return value;
  throw Problem.field(
    pointer,
    `activation must be ${ACTIVATIONS.map((a) => JSON.stringify(a)).join(" or ")}, got ${JSON.stringify(value)}`,
  );
}

export async function readUpload(req: Request, query: { arch?: string; activation?: string }): Promise<Upload> {
  const type = mediaType(req);
  if (isJsonType(type)) {
    const body = await readJson(req, { maxBytes: UPLOAD_LIMITS.maxBytes });
    const params = body.params;
    if (typeof params !== "object" || params === null || Array.isArray(params)) {
      throw Problem.field(
        "/params",
        'required: an object of named weight arrays, e.g. {"W1": [[...]], "b1": [...], ...}',
      );
    }
    const tensors: Record<string, Tensor> = {};
    for (const [name, value] of Object.entries(params)) {
      if (!PARAMS.includes(name))
        throw Problem.field(`/params/${name}`, `unknown param "${name}" (expected W, b or W1, b1, W2, b2)`);
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
    if (!isZip(bytes))
      throw Problem.field(
        "",
        "the body is not an .npz archive (no zip signature 'PK'); save it with np.savez(f, **network.params)",
      );
    const arrays = await readNpz(bytes, {
      maxTotalBytes: UPLOAD_LIMITS.maxNpzBytes,
      maxEntries: UPLOAD_LIMITS.maxNpzEntries,
    });
    const tensors: Record<string, Tensor> = {};
    for (const [name, a] of Object.entries(arrays)) {
      if (!PARAMS.includes(name))
        throw Problem.field(`/${name}`, `unknown array "${name}" in the npz (expected W, b or W1, b1, W2, b2)`);
      if (a.data instanceof Uint8Array)
        throw Problem.field(`/${name}`, `array "${name}" is uint8; weights must be float32 or float64`);
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
    throw Problem.field("activation", "the simple architecture has no hidden layer, so no activation");
  }
  const net: Network = { arch, ...(arch === "two-layer" ? { activation: activation ?? "sigmoid" } : {}), params };
  let hidden: number;
  try {
    hidden = validateNetwork(net).hidden;
  } catch (err) {
    if (!(err instanceof RangeError || err instanceof TypeError)) throw err;
    const message = err.message.replace(/^validateNetwork: /, "");
    const param = /param "(\w+)"/.exec(message)?.[1];
    throw new Problem(
      422,
      `the network does not fit the ${arch} architecture on MNIST (784 inputs, 10 classes): ${message}`,
      {
        errors: [{ pointer: param ? prefix + param : prefix.replace(/\/$/, ""), message }],
      },
    );
  }
  if (hidden > MODEL_LIMITS.maxHidden) {
    throw Problem.field(prefix + "W1", `${hidden} hidden units, at most ${MODEL_LIMITS.maxHidden}`);
  }
  // Stored as float32: a finite float64 beyond float32's range would be stored as infinity.
  for (const [name, t] of Object.entries(params)) {
    const i = t.data.findIndex((v) => !Number.isFinite(Math.fround(v)));
    if (i >= 0)
      throw Problem.field(
        prefix + name,
        `param "${name}" has ${t.data[i]} at ${i}, beyond float32's range (models are stored as float32)`,
      );
  }
  return net;
}
