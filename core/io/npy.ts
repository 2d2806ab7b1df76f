/**
 * The .npy format (numpy/lib/format.py), versions 1.0, 2.0 and 3.0:
 *   "\x93NUMPY" major minor, header length (uint16 LE for v1, uint32 LE for v2/v3), then a Python
 *   dict literal {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), } padded with spaces
 *   and a newline, then the raw data.
 * Supported dtypes: '<f4', '<f8' and '|u1' (what np.save writes for float32/float64/uint8 on
 * little-endian machines). Everything else is refused with a RangeError saying what to do.
 * Arrays come back in C order whatever the file's order (Fortran data is transposed).
 */
import { type MessageKey, type ParamArgs, rangeErrorIn } from "../i18n";
import { type PyValue, parsePyLiteral } from "./py-literal";
import { reached } from "./stages";

export type NpyDtype = "<f4" | "<f8" | "|u1";

export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  /** Values in C (row-major) order. */
  data: Float32Array | Float64Array | Uint8Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ITEM_SIZE: Record<NpyDtype, number> = { "<f4": 4, "<f8": 8, "|u1": 1 };
/** Elements in one array: 2^28 (1 GiB of float32) is far beyond any Worker's memory anyway. */
const MAX_ELEMENTS = 1 << 28;

export function isNpy(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && MAGIC.every((b, i) => bytes[i] === b);
}

/** "parseNpy: <reason>", the reason a catalogue text (io.npy.*) rendered in the reader's language. */
const fail = <K extends MessageKey>(key: K, ...params: ParamArgs<K>) => rangeErrorIn("parseNpy", key, ...params);

function normaliseDtype(descr: PyValue): NpyDtype {
  if (typeof descr !== "string") {
    throw fail("io.npy.structured");
  }
  if (descr === "<f4" || descr === "<f8" || descr === "|u1") return descr;
  if (descr === "<u1" || descr === ">u1" || descr === "=u1") return "|u1"; // one byte: order is irrelevant
  if (descr.startsWith(">")) {
    throw fail("io.npy.big-endian", { descr, rest: descr.slice(1) });
  }
  if (descr === "|O" || descr === "O") {
    throw fail("io.npy.object");
  }
  throw fail("io.npy.dtype", { descr });
}

interface Header {
  dtype: NpyDtype;
  fortranOrder: boolean;
  shape: number[];
  dataOffset: number;
}

function parseHeader(bytes: Uint8Array): Header {
  if (!isNpy(bytes)) throw fail("io.npy.magic");
  reached("npy.header");
  if (bytes.length < 10) throw fail("io.npy.truncated-header");
  const major = bytes[6];
  const minor = bytes[7];
  if (major < 1 || major > 3 || minor !== 0) throw fail("io.npy.version", { major, minor });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenSize = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenSize) throw fail("io.npy.truncated-header");
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lenSize;
  if (start + headerLen > bytes.length) {
    throw fail("io.npy.header-short", { declared: headerLen, present: bytes.length - start });
  }
  const raw = bytes.subarray(start, start + headerLen);
  const text = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(raw);
  let dict: PyValue;
  try {
    dict = parsePyLiteral(text);
  } catch (err) {
    throw fail("io.npy.malformed", { detail: (err as Error).message });
  }
  if (dict === null || typeof dict !== "object" || Array.isArray(dict)) throw fail("io.npy.not-dict");
  const d = dict as Record<string, PyValue>;
  for (const key of ["descr", "fortran_order", "shape"]) {
    if (!(key in d)) throw fail("io.npy.lacks", { key });
  }
  const dtype = normaliseDtype(d.descr);
  if (typeof d.fortran_order !== "boolean") throw fail("io.npy.fortran");
  const shapeValue = d.shape;
  if (!Array.isArray(shapeValue)) throw fail("io.npy.shape-tuple");
  const shape = shapeValue.map((s) => {
    if (typeof s !== "number" || !Number.isSafeInteger(s) || s < 0) throw fail("io.npy.dimension", { dim: String(s) });
    return s;
  });
  return { dtype, fortranOrder: d.fortran_order, shape, dataOffset: start + headerLen };
}

export function parseNpy(bytes: Uint8Array): NpyArray {
  const { dtype, fortranOrder, shape, dataOffset } = parseHeader(bytes);
  reached("npy.data");
  let count = 1;
  for (const s of shape) count *= s;
  if (count > MAX_ELEMENTS) throw fail("io.npy.too-many", { shape: shape.join(", "), max: MAX_ELEMENTS });
  const itemSize = ITEM_SIZE[dtype];
  const have = bytes.length - dataOffset;
  if (have < count * itemSize) {
    throw fail("io.npy.truncated-data", { shape: shape.join(", "), dtype, need: count * itemSize, have });
  }
  if (have > count * itemSize) {
    throw fail("io.npy.trailing", { extra: have - count * itemSize, shape: shape.join(", ") });
  }
  // A view of the file's bytes when they sit aligned for the dtype (np.save pads its header to a
  // multiple of 64, so a file read into a buffer of its own always does), else an aligned copy:
  // a 31 MB upload is not held twice. The data shares memory with `bytes`. Typed arrays use the
  // platform's byte order, which is little-endian on every platform Workers and Node run on.
  const start = bytes.byteOffset + dataOffset;
  const aligned = start % itemSize === 0;
  const buffer = aligned ? bytes.buffer : bytes.slice(dataOffset, dataOffset + count * itemSize).buffer;
  const at = aligned ? start : 0;
  let data: NpyArray["data"] =
    dtype === "<f4"
      ? new Float32Array(buffer, at, count)
      : dtype === "<f8"
        ? new Float64Array(buffer, at, count)
        : new Uint8Array(buffer, at, count);
  if (fortranOrder && shape.length > 1) data = fortranToC(data, shape);
  return { dtype, shape, data };
}

/** Transposes column-major data of `shape` into row-major order. */
function fortranToC<T extends NpyArray["data"]>(src: T, shape: number[]): T {
  const out = new (src.constructor as new (n: number) => T)(src.length);
  const n = shape.length;
  const fStride = new Array<number>(n);
  fStride[0] = 1;
  for (let k = 1; k < n; k++) fStride[k] = fStride[k - 1] * shape[k - 1];
  const index = new Array<number>(n).fill(0);
  let f = 0;
  for (let c = 0; c < src.length; c++) {
    out[c] = src[f];
    // Increment the C-order multi-index (last axis fastest), keeping f = sum index[k] * fStride[k].
    for (let k = n - 1; k >= 0; k--) {
      index[k]++;
      f += fStride[k];
      if (index[k] < shape[k]) break;
      f -= fStride[k] * shape[k];
      index[k] = 0;
    }
  }
  return out;
}

/** Writes a version 1.0 .npy (C order; header padded to 64 bytes as numpy does). */
export function encodeNpy(array: {
  data: Float32Array | Float64Array | Uint8Array;
  shape: readonly number[];
}): Uint8Array {
  const dtype: NpyDtype =
    array.data instanceof Float32Array ? "<f4" : array.data instanceof Float64Array ? "<f8" : "|u1";
  let count = 1;
  for (const s of array.shape) count *= s;
  if (count !== array.data.length) {
    throw new RangeError(`encodeNpy: ${array.data.length} values do not fill shape (${array.shape.join(", ")})`);
  }
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(", ")})`;
  let header = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shape}, }`;
  const total = 10 + header.length + 1;
  header += " ".repeat((64 - (total % 64)) % 64) + "\n";
  const body = new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength);
  const out = new Uint8Array(10 + header.length + body.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = header.length & 0xff;
  out[9] = header.length >>> 8;
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(body, 10 + header.length);
  return out;
}
