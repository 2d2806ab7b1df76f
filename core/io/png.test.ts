// PNG chunk handling: IDAT data split over many chunks (empty ones included) decodes as the
// original file (written by fixtures/generate_formats.py); data past what the image can need
// is refused before anything is inflated.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { crc32 } from "./crc32";
import { decodePng } from "./png";

const file = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/formats/${name}`, import.meta.url)));

interface Chunk {
  type: string;
  data: Uint8Array;
}

function chunks(png: Uint8Array): Chunk[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: Chunk[] = [];
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at);
    out.push({
      type: String.fromCharCode(...png.subarray(at + 4, at + 8)),
      data: png.subarray(at + 8, at + 8 + length),
    });
    at += 12 + length;
  }
  return out;
}

function encode(list: Chunk[]): Uint8Array {
  const size = 8 + list.reduce((s, c) => s + 12 + c.data.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(file("png_gray8_filter4.png").subarray(0, 8));
  let at = 8;
  for (const c of list) {
    view.setUint32(at, c.data.length);
    for (let i = 0; i < 4; i++) out[at + 4 + i] = c.type.charCodeAt(i);
    out.set(c.data, at + 8);
    view.setUint32(at + 8 + c.data.length, crc32(out.subarray(at + 4, at + 8 + c.data.length)));
    at += 12 + c.data.length;
  }
  return out;
}

/** The file with its image data split into one-byte IDAT chunks, each after `empty` empty IDAT chunks. */
function split(png: Uint8Array, empty: number): Uint8Array {
  const list = chunks(png);
  const data = list.filter((c) => c.type === "IDAT").map((c) => c.data);
  const joined = new Uint8Array(data.reduce((s, d) => s + d.length, 0));
  let o = 0;
  for (const d of data) joined.set(d, (o += d.length) - d.length);
  const idat: Chunk[] = [];
  for (let i = 0; i < joined.length; i++) {
    for (let k = 0; k < empty; k++) idat.push({ type: "IDAT", data: new Uint8Array(0) });
    idat.push({ type: "IDAT", data: joined.subarray(i, i + 1) });
  }
  const first = list.findIndex((c) => c.type === "IDAT");
  return encode([...list.slice(0, first), ...idat, ...list.filter((c, i) => i > first && c.type !== "IDAT")]);
}

describe("decodePng chunk handling", () => {
  for (const name of ["png_gray8_filter4.png", "png_adam7_rgb8.png", "png_rgba16.png"]) {
    it(`${name} split into one-byte and empty IDAT chunks decodes as the original`, async () => {
      const original = await decodePng(file(name));
      expect(await decodePng(split(file(name), 0))).toEqual(original);
      expect(await decodePng(split(file(name), 3))).toEqual(original);
    });
  }

  it("100,000 empty IDAT chunks before the data are skipped", async () => {
    const list = chunks(file("png_gray8_filter4.png"));
    const first = list.findIndex((c) => c.type === "IDAT");
    const empties = Array.from({ length: 100_000 }, () => ({ type: "IDAT", data: new Uint8Array(0) }));
    const png = encode([...list.slice(0, first), ...empties, ...list.slice(first)]);
    expect(await decodePng(png)).toEqual(await decodePng(file("png_gray8_filter4.png")));
  });

  it("refuses more compressed data than the image can need, before inflating", async () => {
    const list = chunks(file("png_gray8_filter4.png"));
    const first = list.findIndex((c) => c.type === "IDAT");
    const junk = { type: "IDAT", data: new Uint8Array(1 << 20) };
    const png = encode([...list.slice(0, first + 1), junk, ...list.slice(first + 1)]);
    await expect(decodePng(png)).rejects.toThrow(/more compressed image data than a \d+x\d+ image needs/);
  });
});
