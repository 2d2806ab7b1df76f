/**
 * The model file format shared by the worker and the scripts: a JSON metadata document plus
 * raw little-endian float32 bytes of the params, concatenated in the listed order
 * (W, b or W1, b1, W2, b2), each at `byteOffset` with `byteLength` bytes.
 */
import { type Activation, type Arch, type Network, type Network32, paramNames, validateNetwork } from "./network";

export const MODEL_FORMAT = "edgegrad-model/1";

export interface ParamEntry {
  name: string;
  shape: number[];
  dtype: "float32";
  byteOffset: number;
  byteLength: number;
}

export interface ModelMeta {
  format?: string;
  name?: string;
  arch: Arch;
  activation?: Activation;
  params: ParamEntry[];
  byteLength?: number;
  [extra: string]: unknown; // accuracy, loss, training options, seed, steps, timings, sha256...
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The bytes and the completed metadata (params list, byteLength, format) for a network. */
export function encodeModelFile(
  net: Network,
  meta: Omit<ModelMeta, "params" | "arch"> & Partial<Pick<ModelMeta, "arch">> = {},
): { meta: ModelMeta; bytes: Uint8Array } {
  validateNetwork(net, { inputSize: null, outputSize: null });
  const names = paramNames(net.arch, "b" in net.params);
  const params: ParamEntry[] = [];
  let offset = 0;
  for (const name of names) {
    const t = net.params[name];
    params.push({ name, shape: [...t.shape], dtype: "float32", byteOffset: offset, byteLength: t.data.length * 4 });
    offset += t.data.length * 4;
  }
  const bytes = new Uint8Array(offset);
  const view = new DataView(bytes.buffer);
  for (const p of params) {
    const src = net.params[p.name].data;
    for (let i = 0; i < src.length; i++) view.setFloat32(p.byteOffset + 4 * i, src[i], true);
  }
  const out: ModelMeta = {
    ...meta,
    format: MODEL_FORMAT,
    arch: net.arch,
    ...(net.arch === "two-layer" ? { activation: net.activation ?? "sigmoid" } : {}),
    params,
    byteLength: offset,
  };
  return { meta: out, bytes };
}

/** A float32 network from metadata and bytes; checks the layout and validates the result. */
export function decodeModelFile(meta: ModelMeta, bytes: Uint8Array): Network32 {
  if (!meta || !Array.isArray(meta.params)) throw new TypeError("decodeModelFile: metadata needs a params list");
  if (meta.byteLength !== undefined && meta.byteLength !== bytes.length) {
    throw new RangeError(`decodeModelFile: metadata says ${meta.byteLength} bytes, got ${bytes.length}`);
  }
  const params: Network32["params"] = {};
  for (const p of meta.params) {
    if (p.dtype !== "float32")
      throw new RangeError(`decodeModelFile: param "${p.name}" has dtype ${p.dtype}, only float32 is supported`);
    const n = p.shape.reduce((a, b) => a * b, 1);
    if (
      p.byteLength !== n * 4 ||
      p.byteOffset < 0 ||
      p.byteOffset % 4 !== 0 ||
      p.byteOffset + p.byteLength > bytes.length
    ) {
      throw new RangeError(
        `decodeModelFile: param "${p.name}" (shape (${p.shape.join(", ")})) at bytes ${p.byteOffset}+${p.byteLength} does not fit ${bytes.length} bytes`,
      );
    }
    let data: Float32Array;
    if (LITTLE_ENDIAN) {
      data = new Float32Array(bytes.slice(p.byteOffset, p.byteOffset + p.byteLength).buffer); // copy: never alias the caller's bytes
    } else {
      data = new Float32Array(n);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i < n; i++) data[i] = view.getFloat32(p.byteOffset + 4 * i, true);
    }
    params[p.name] = { shape: [...p.shape], data };
  }
  const net: Network32 = {
    arch: meta.arch,
    ...(meta.arch === "two-layer" ? { activation: meta.activation ?? "sigmoid" } : {}),
    params,
  };
  validateNetwork(net, { inputSize: null, outputSize: null });
  return net;
}
