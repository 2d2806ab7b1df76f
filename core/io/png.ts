/**
 * A PNG decoder (ISO/IEC 15948) for digit images: colour types gray, RGB, palette, gray+alpha
 * and RGBA; bit depths 1, 2, 4, 8 and 16; all five filters; interlaced (Adam7) or not. Every
 * chunk's CRC-32 is checked, and the dimensions are capped before any pixel buffer is
 * allocated. Output is 8 bits per sample: 16-bit samples keep their high byte, 1/2/4-bit gray
 * is scaled to 0..255, palette images are expanded to RGB (RGBA when a tRNS chunk is present).
 */
import { type MessageKey, type ParamArgs, rangeErrorIn } from "../i18n";
import { crc32 } from "./crc32";
import { inflate } from "./inflate";
import { reached } from "./stages";

export interface Image {
  width: number;
  height: number;
  /** 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA. */
  channels: 1 | 2 | 3 | 4;
  /** width * height * channels samples, row-major (a canvas's ImageData holds a Uint8ClampedArray). */
  data: Uint8Array | Uint8ClampedArray;
}

export interface PngLimits {
  maxPixels: number;
  maxDimension: number;
}

export const DEFAULT_PNG_LIMITS: PngLimits = { maxPixels: 1_000_000, maxDimension: 8192 };

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Samples per pixel by colour type; the allowed bit depths of each. */
const COLOUR: Record<number, { samples: number; depths: number[]; name: string }> = {
  0: { samples: 1, depths: [1, 2, 4, 8, 16], name: "gray" },
  2: { samples: 3, depths: [8, 16], name: "RGB" },
  3: { samples: 1, depths: [1, 2, 4, 8], name: "palette" },
  4: { samples: 2, depths: [8, 16], name: "gray+alpha" },
  6: { samples: 4, depths: [8, 16], name: "RGBA" },
};
// Adam7 passes: [x start, y start, x step, y step].
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/** "decodePng: <reason>", the reason a catalogue text (io.png.*) rendered in the reader's language. */
function fail<K extends MessageKey>(key: K, ...params: ParamArgs<K>): never {
  throw rangeErrorIn("decodePng", key, ...params);
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

interface Header {
  width: number;
  height: number;
  depth: number;
  colour: number;
  interlace: number;
}

export async function decodePng(bytes: Uint8Array, limits: PngLimits = DEFAULT_PNG_LIMITS): Promise<Image> {
  if (!isPng(bytes)) fail("io.png.signature");
  reached("png.chunks");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: Header | null = null;
  let palette: Uint8Array | null = null;
  let alpha: Uint8Array | null = null;
  // IDAT data is copied into one buffer as the chunks come (a file of many tiny or empty IDAT
  // chunks must not hold an object per chunk), capped at what a stream for this image can need.
  let idat = new Uint8Array(0);
  let idatLength = 0;
  let idatCap = 0;
  let at = 8;
  let ended = false;
  while (!ended) {
    if (at + 12 > bytes.length) fail("io.png.no-iend");
    const length = view.getUint32(at);
    const type = String.fromCharCode(bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]);
    if (length > bytes.length - at - 12) fail("io.png.truncated-chunk", { type });
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length))
      fail("io.png.crc", { type });
    at += 12 + length;
    if (header === null && type !== "IHDR") fail("io.png.ihdr-first");
    switch (type) {
      case "IHDR":
        header = readHeader(data, limits);
        idatCap = maxCompressed(header);
        break;
      case "PLTE":
        if (length % 3 !== 0 || length === 0 || length > 768) fail("io.png.bad-plte");
        palette = data;
        break;
      case "tRNS":
        alpha = data;
        break;
      case "IDAT": {
        if (length === 0) break;
        if (idatLength + length > idatCap)
          fail("io.png.idat-over", { width: header!.width, height: header!.height, cap: idatCap });
        if (idatLength + length > idat.length) {
          const bigger = new Uint8Array(Math.min(idatCap, Math.max(idatLength + length, idat.length * 2, 4096)));
          bigger.set(idat.subarray(0, idatLength));
          idat = bigger;
        }
        idat.set(data, idatLength);
        idatLength += length;
        break;
      }
      case "IEND":
        ended = true;
        break;
      default:
        // Critical chunks (upper-case first letter) we do not know cannot be skipped safely.
        if (type.charCodeAt(0) < 97) fail("io.png.critical", { type });
    }
  }
  const h = header as Header;
  if (h.colour === 3 && palette === null) fail("io.png.no-plte");
  if (idatLength === 0) fail("io.png.no-idat");
  const samples = COLOUR[h.colour].samples;
  const passes = h.interlace ? ADAM7 : [[0, 0, 1, 1]];
  const sizes = passes.map(([x0, y0, dx, dy]) => ({
    w: Math.ceil((h.width - x0) / dx) > 0 ? Math.ceil((h.width - x0) / dx) : 0,
    h: Math.ceil((h.height - y0) / dy) > 0 ? Math.ceil((h.height - y0) / dy) : 0,
  }));
  const stride = (w: number): number => Math.ceil((w * samples * h.depth) / 8);
  const expected = filteredSize(h);
  reached("png.inflate");
  const raw = await inflate(idat.subarray(0, idatLength), "deflate", expected, "decodePng");
  if (raw.length < expected) fail("io.png.truncated-data", { got: raw.length, expected });
  reached("png.unfilter");
  // Unfiltered samples at full resolution, still in the file's bit depth.
  const bpp = Math.max(1, (samples * h.depth) >> 3);
  const pixels = new Uint16Array(h.width * h.height * samples);
  let offset = 0;
  passes.forEach(([x0, y0, dx, dy], p) => {
    const { w, h: rows } = sizes[p];
    if (w === 0 || rows === 0) return;
    const lineBytes = stride(w);
    const lines = unfilter(raw.subarray(offset, offset + rows * (1 + lineBytes)), rows, lineBytes, bpp);
    offset += rows * (1 + lineBytes);
    if (h.interlace) reached("png.adam7");
    for (let r = 0; r < rows; r++) {
      const line = lines.subarray(r * lineBytes, (r + 1) * lineBytes);
      const y = y0 + r * dy;
      for (let c = 0; c < w; c++) {
        const x = x0 + c * dx;
        for (let s = 0; s < samples; s++)
          pixels[(y * h.width + x) * samples + s] = sample(line, c * samples + s, h.depth);
      }
    }
  });
  return toEightBit(h, pixels, palette, alpha);
}

/** Filtered bytes of the image (every pass), as decodePng computes them. */
function filteredSize(h: Header): number {
  const samples = COLOUR[h.colour].samples;
  const passes = h.interlace ? ADAM7 : [[0, 0, 1, 1]];
  let total = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const w = Math.max(0, Math.ceil((h.width - x0) / dx));
    const rows = Math.max(0, Math.ceil((h.height - y0) / dy));
    if (w && rows) total += rows * (1 + Math.ceil((w * samples * h.depth) / 8));
  }
  return total;
}

/**
 * The most compressed bytes a valid stream needs for the image: deflate's stored blocks (the
 * worst case) add 5 bytes per 65,535, zlib 6 more; a margin for encoders that pad.
 */
function maxCompressed(h: Header): number {
  const raw = filteredSize(h);
  return raw + 5 * Math.ceil(raw / 65_535) + 6 + 4096;
}

function readHeader(data: Uint8Array, limits: PngLimits): Header {
  if (data.length !== 13) fail("io.png.bad-ihdr");
  const v = new DataView(data.buffer, data.byteOffset, 13);
  const header = {
    width: v.getUint32(0),
    height: v.getUint32(4),
    depth: data[8],
    colour: data[9],
    interlace: data[12],
  };
  const colour = COLOUR[header.colour];
  if (!colour) fail("io.png.colour", { colour: header.colour });
  if (!colour.depths.includes(header.depth)) fail("io.png.depth", { depth: header.depth, name: colour.name });
  if (data[10] !== 0 || data[11] !== 0) fail("io.png.method");
  if (header.interlace > 1) fail("io.png.interlace", { method: header.interlace });
  if (header.width === 0 || header.height === 0) fail("io.png.zero");
  if (
    header.width > limits.maxDimension ||
    header.height > limits.maxDimension ||
    header.width * header.height > limits.maxPixels
  ) {
    fail("io.png.too-big", {
      width: header.width,
      height: header.height,
      side: limits.maxDimension,
      pixels: limits.maxPixels,
    });
  }
  return header;
}

/** Reverses the per-line filters (None, Sub, Up, Average, Paeth) into rows * lineBytes bytes. */
function unfilter(data: Uint8Array, rows: number, lineBytes: number, bpp: number): Uint8Array {
  const out = new Uint8Array(rows * lineBytes);
  for (let r = 0; r < rows; r++) {
    const filter = data[r * (lineBytes + 1)];
    const src = r * (lineBytes + 1) + 1;
    const o = r * lineBytes;
    const prev = o - lineBytes; // the previous output row; "above" is 0 on the first row
    for (let i = 0; i < lineBytes; i++) {
      const x = data[src + i];
      const a = i >= bpp ? out[o + i - bpp] : 0;
      const b = r > 0 ? out[prev + i] : 0;
      const c = r > 0 && i >= bpp ? out[prev + i - bpp] : 0;
      let v: number;
      switch (filter) {
        case 0:
          v = x;
          break;
        case 1:
          v = x + a;
          break;
        case 2:
          v = x + b;
          break;
        case 3:
          v = x + ((a + b) >> 1);
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a),
            pb = Math.abs(p - b),
            pc = Math.abs(p - c);
          v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default:
          return fail("io.png.filter", { filter, line: r });
      }
      out[o + i] = v & 0xff;
    }
  }
  return out;
}

/** The k-th sample of a line at the given bit depth (big-endian within bytes, as PNG packs). */
function sample(line: Uint8Array, k: number, depth: number): number {
  if (depth === 8) return line[k];
  if (depth === 16) return (line[2 * k] << 8) | line[2 * k + 1];
  const perByte = 8 / depth;
  const byte = line[Math.floor(k / perByte)];
  const shift = 8 - depth * ((k % perByte) + 1);
  return (byte >> shift) & ((1 << depth) - 1);
}

function toEightBit(h: Header, pixels: Uint16Array, palette: Uint8Array | null, alpha: Uint8Array | null): Image {
  const n = h.width * h.height;
  if (h.colour === 3) {
    const pal = palette as Uint8Array;
    const entries = pal.length / 3;
    const channels = alpha ? 4 : 3;
    const data = new Uint8Array(n * channels);
    for (let i = 0; i < n; i++) {
      const idx = pixels[i];
      if (idx >= entries) fail("io.png.palette-index", { index: idx, entries });
      data[i * channels] = pal[3 * idx];
      data[i * channels + 1] = pal[3 * idx + 1];
      data[i * channels + 2] = pal[3 * idx + 2];
      if (alpha) data[i * channels + 3] = idx < alpha.length ? alpha[idx] : 255;
    }
    return { width: h.width, height: h.height, channels, data };
  }
  const channels = COLOUR[h.colour].samples as 1 | 2 | 3 | 4;
  const data = new Uint8Array(pixels.length);
  const max = (1 << h.depth) - 1;
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i];
    data[i] = h.depth === 16 ? v >> 8 : h.depth === 8 ? v : Math.round((v * 255) / max);
  }
  return { width: h.width, height: h.height, channels, data };
}
