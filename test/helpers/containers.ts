/**
 * Builders for structure-aware fuzzing: PNG chunks, zlib / raw deflate streams and zip archives
 * rebuilt with valid checksums, so a mutation made *inside* the compressed data or a .npy entry
 * reaches the decoder stage behind the checksum. Web-standard APIs only (workerd and Node).
 */
import { crc32 } from "../../core/io/crc32";
import { concat } from "../../core/io/inflate";

export interface Chunk {
  type: string;
  data: Uint8Array;
  /** Offset of the chunk's length field in the original file, and of the byte after its CRC. */
  start: number;
  end: number;
}

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

export function pngChunks(bytes: Uint8Array): Chunk[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Chunk[] = [];
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    out.push({ type, data: bytes.slice(at + 8, at + 8 + length), start: at, end: at + 12 + length });
    at += 12 + length;
  }
  return out;
}

/** One buffer of the parts (core/io/inflate.ts's concat; a single part is returned as it is). */
export const concatBytes = (parts: readonly Uint8Array[]): Uint8Array => concat(parts);

/** A PNG file of these chunks, every length and CRC recomputed. */
export function buildPng(chunks: readonly { type: string; data: Uint8Array }[]): Uint8Array {
  const parts: Uint8Array[] = [PNG_SIGNATURE];
  for (const c of chunks) {
    const head = new Uint8Array(8);
    new DataView(head.buffer).setUint32(0, c.data.length);
    for (let i = 0; i < 4; i++) head[4 + i] = c.type.charCodeAt(i);
    const tail = new Uint8Array(4);
    new DataView(tail.buffer).setUint32(0, crc32(concatBytes([head.subarray(4), c.data])));
    parts.push(head, c.data, tail);
  }
  return concatBytes(parts);
}

async function pipe(data: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  writer.write(data).catch(() => {});
  writer.close().catch(() => {});
  const chunks: Uint8Array[] = [];
  const reader = stream.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return concatBytes(chunks);
}

export const compress = (data: Uint8Array, format: "deflate" | "deflate-raw") =>
  pipe(data, new CompressionStream(format));

/** The decompressed bytes, or null when the stream is corrupt. */
export async function decompress(data: Uint8Array, format: "deflate" | "deflate-raw"): Promise<Uint8Array | null> {
  try {
    return await pipe(data, new DecompressionStream(format));
  } catch {
    return null;
  }
}

export interface ZipEntry {
  name: string;
  /** What the directory declares: the uncompressed size and CRC-32 (of `data` unless overridden). */
  data: Uint8Array;
  method: 0 | 8;
  /** The stored bytes (deflate-raw for method 8); defaults to `data`. */
  stored?: Uint8Array;
  crc?: number;
  size?: number;
}

/** A zip archive (local headers, data, central directory, end record); returns the record offsets too. */
export function buildZip(entries: readonly ZipEntry[]): { bytes: Uint8Array; boundaries: number[] } {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  const boundaries: number[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const stored = e.stored ?? e.data;
    const crc = e.crc ?? crc32(e.data);
    const size = e.size ?? e.data.length;
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, e.method, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, stored.length, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const cd = new Uint8Array(46 + name.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, e.method, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, stored.length, true);
    cv.setUint32(24, size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    cd.set(name, 46);
    boundaries.push(offset, offset + local.length);
    parts.push(local, stored);
    central.push(cd);
    offset += local.length + stored.length;
  }
  const cdStart = offset;
  for (const c of central) {
    boundaries.push(offset);
    offset += c.length;
  }
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, offset - cdStart, true);
  ev.setUint32(16, cdStart, true);
  boundaries.push(offset, offset + 22);
  return { bytes: concatBytes([...parts, ...central, end]), boundaries };
}

/** A .npy file (version 1.0) with this header dict text and data; the header is padded as numpy pads it. */
export function buildNpy(header: string, data: Uint8Array): Uint8Array {
  const enc = new TextEncoder();
  let text = header;
  const unpadded = 10 + text.length + 1;
  text += " ".repeat((64 - (unpadded % 64)) % 64) + "\n";
  const h = enc.encode(text);
  const head = new Uint8Array(10);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(head.buffer).setUint16(8, h.length, true);
  return concatBytes([head, h, data]);
}

/** Adler-32 (RFC 1950), the checksum at the end of a zlib stream. */
export function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; i++) {
    a = (a + data[i]) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** A zlib stream (RFC 1950) around raw deflate data, with the Adler-32 of `plain`. */
export function zlibWrap(deflated: Uint8Array, plain: Uint8Array): Uint8Array {
  const tail = new Uint8Array(4);
  new DataView(tail.buffer).setUint32(0, adler32(plain));
  return concatBytes([Uint8Array.of(0x78, 0x9c), deflated, tail]);
}
