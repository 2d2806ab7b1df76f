/**
 * A zip reader for the archives np.savez / np.savez_compressed write (PKWARE APPNOTE 6.3):
 * the End Of Central Directory record (and its ZIP64 form) locates the central directory,
 * whose entries are authoritative for names, sizes, CRC-32 and local-header offsets. Entries
 * are "stored" (method 0) or "deflate" (method 8). Every size is checked against the buffer
 * and the caps before anything is decompressed (zip-bomb guard), decompression stops at the
 * declared size, and each entry's CRC-32 is verified. Any inconsistency is a RangeError.
 */
import { type MessageKey, type ParamArgs, rangeErrorIn } from "../i18n";
import { crc32 } from "./crc32";
import { concat, inflate } from "./inflate";
import { reached } from "./stages";

export interface ZipLimits {
  /** Sum of the entries' uncompressed sizes. */
  maxTotalBytes: number;
  /** Number of entries. */
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxTotalBytes: 64 << 20, maxEntries: 64 };

interface Entry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_EOCD = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    (bytes[2] === 3 || bytes[2] === 5) &&
    (bytes[3] === 4 || bytes[3] === 6)
  );
}

/** "readZip: <reason>", the reason a catalogue text (io.zip.*) rendered in the reader's language. */
function fail<K extends MessageKey>(key: K, ...params: ParamArgs<K>): never {
  throw rangeErrorIn("readZip", key, ...params);
}

/** Reads a 64-bit little-endian size; sizes past 2^53 cannot be real here. */
function u64(view: DataView, at: number): number {
  const lo = view.getUint32(at, true);
  const hi = view.getUint32(at + 4, true);
  if (hi > 0x1fffff) fail("io.zip.size-field");
  return hi * 2 ** 32 + lo;
}

function findEocd(view: DataView): number {
  const min = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let at = view.byteLength - 22; at >= min; at--) {
    if (view.getUint32(at, true) === EOCD) return at;
  }
  return fail("io.zip.no-eocd");
}

function centralDirectory(view: DataView): { count: number; offset: number; size: number } {
  const eocd = findEocd(view);
  let count = view.getUint16(eocd + 10, true);
  let size = view.getUint32(eocd + 12, true);
  let offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR) fail("io.zip.no-locator");
    const at = u64(view, locator + 8);
    if (at + 56 > view.byteLength || view.getUint32(at, true) !== ZIP64_EOCD) fail("io.zip.bad-zip64");
    count = u64(view, at + 32);
    size = u64(view, at + 40);
    offset = u64(view, at + 48);
  }
  if (offset + size > view.byteLength) fail("io.zip.cd-past-end", { end: offset + size, bytes: view.byteLength });
  return { count, offset, size };
}

function readEntries(bytes: Uint8Array, view: DataView, limits: ZipLimits): Entry[] {
  const cd = centralDirectory(view);
  if (cd.count > limits.maxEntries) fail("io.zip.too-many", { count: cd.count, max: limits.maxEntries });
  const entries: Entry[] = [];
  let at = cd.offset;
  const end = cd.offset + cd.size;
  for (let i = 0; i < cd.count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL) fail("io.zip.cd-damaged", { index: i });
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    let compressedSize = view.getUint32(at + 20, true);
    let size = view.getUint32(at + 24, true);
    const nameLen = view.getUint16(at + 28, true);
    const extraLen = view.getUint16(at + 30, true);
    const commentLen = view.getUint16(at + 32, true);
    let localOffset = view.getUint32(at + 42, true);
    if (at + 46 + nameLen + extraLen + commentLen > end) fail("io.zip.cd-damaged", { index: i });
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLen));
    // ZIP64 extended information: the 8-byte values present are those whose 4-byte field is 0xFFFFFFFF.
    let e = at + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = view.getUint16(e, true);
      const len = view.getUint16(e + 2, true);
      if (id === 0x0001) {
        let p = e + 4;
        if (size === 0xffffffff) (size = u64(view, p)), (p += 8);
        if (compressedSize === 0xffffffff) (compressedSize = u64(view, p)), (p += 8);
        if (localOffset === 0xffffffff) localOffset = u64(view, p);
      }
      e += 4 + len;
    }
    entries.push({ name, method, flags, crc, compressedSize, size, localOffset });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Every entry of a zip archive, decompressed and CRC-checked, by name. */
export async function readZip(
  bytes: Uint8Array,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<Map<string, Uint8Array>> {
  if (bytes.length < 22) fail("io.zip.too-short", { bytes: bytes.length });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = readEntries(bytes, view, limits);
  reached("zip.entries");
  let total = 0;
  for (const entry of entries) {
    total += entry.size;
    if (total > limits.maxTotalBytes) fail("io.zip.too-large", { max: limits.maxTotalBytes });
    if (entry.flags & 1) fail("io.zip.encrypted", { name: entry.name });
    if (entry.method !== 0 && entry.method !== 8) fail("io.zip.method", { name: entry.name, method: entry.method });
    if (entry.method === 0 && entry.compressedSize !== entry.size) fail("io.zip.stored-sizes", { name: entry.name });
  }
  const out = new Map<string, Uint8Array>();
  for (const entry of entries) {
    const at = entry.localOffset;
    if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) fail("io.zip.no-local", { name: entry.name });
    const dataStart = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const dataEnd = dataStart + entry.compressedSize;
    if (dataEnd > bytes.length) fail("io.zip.entry-past-end", { name: entry.name, end: dataEnd, bytes: bytes.length });
    const raw = bytes.subarray(dataStart, dataEnd);
    if (entry.method !== 0) reached("zip.inflate");
    const data =
      entry.method === 0 ? raw : await inflate(raw, "deflate-raw", entry.size, `readZip: entry "${entry.name}"`);
    if (data.length !== entry.size)
      fail("io.zip.size-mismatch", { name: entry.name, got: data.length, size: entry.size });
    if (crc32(data) !== entry.crc) fail("io.zip.crc", { name: entry.name });
    if (out.has(entry.name)) fail("io.zip.duplicate", { name: entry.name });
    out.set(entry.name, data);
  }
  return out;
}

/** A zip archive of stored (uncompressed) entries, as np.savez writes (without ZIP64 extras). */
export function encodeZip(files: Record<string, Uint8Array>): Uint8Array {
  const enc = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(files)) {
    const nameBytes = enc.encode(name);
    const crc = crc32(data);
    const local = new Uint8Array(30 + nameBytes.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, LOCAL, true);
    lv.setUint16(4, 20, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, data.length, true);
    lv.setUint16(26, nameBytes.length, true);
    local.set(nameBytes, 30);
    const central = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, CENTRAL, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(42, offset, true);
    central.set(nameBytes, 46);
    locals.push(local, data);
    centrals.push(central);
    offset += local.length + data.length;
  }
  const cdSize = centrals.reduce((s, c) => s + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, EOCD, true);
  ev.setUint16(8, centrals.length, true);
  ev.setUint16(10, centrals.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  return concat([...locals, ...centrals, eocd]);
}
