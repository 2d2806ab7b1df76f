// .npy, .npz, PNG and the MNIST preprocessing against files and values written by numpy
// (fixtures/generate_formats.py).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { mnistPreprocess } from "../image/mnist-preprocess";
import { encodeNpy, parseNpy } from "./npy";
import { encodeNpz, readNpz } from "./npz";
import { decodePng } from "./png";
import { readZip } from "./zip";

const dir = new URL("../../fixtures/formats/", import.meta.url);
const file = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, dir)));
const json = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, dir), "utf8")) as T;

interface NpyCase {
  file: string;
  dtype: string;
  shape: number[];
  ok: boolean;
  values: number[] | null;
}

describe("parseNpy", () => {
  for (const c of json<{ cases: NpyCase[] }>("npy.json").cases) {
    it(`${c.file} (${c.dtype} ${JSON.stringify(c.shape)})`, () => {
      if (!c.ok) {
        expect(() => parseNpy(file(c.file))).toThrow(RangeError);
        return;
      }
      const a = parseNpy(file(c.file));
      expect(a.dtype).toBe(c.dtype);
      expect(a.shape).toEqual(c.shape);
      expect(Array.from(a.data)).toEqual(c.values);
    });
  }

  it("names the problem for refused dtypes", () => {
    expect(() => parseNpy(file("npy_bad_big_endian.npy"))).toThrow(/big-endian dtype >f8/);
    expect(() => parseNpy(file("npy_bad_object.npy"))).toThrow(/object arrays/);
    expect(() => parseNpy(file("npy_bad_int64.npy"))).toThrow(/dtype <i8 is not supported/);
  });

  it("rejects truncated, padded and garbage files", () => {
    const good = file("npy_f8_c_2d.npy");
    expect(() => parseNpy(good.subarray(0, good.length - 1))).toThrow(/truncated data/);
    expect(() => parseNpy(good.subarray(0, 20))).toThrow(/truncated header/);
    const padded = new Uint8Array(good.length + 3);
    padded.set(good);
    expect(() => parseNpy(padded)).toThrow(/bytes after the data/);
    expect(() => parseNpy(new TextEncoder().encode("hello world"))).toThrow(/not a .npy file/);
  });

  it("encodeNpy round-trips every dtype", () => {
    for (const data of [
      new Float32Array([1.5, -2, 3]),
      new Float64Array([0.1, 0.2, 0.3]),
      new Uint8Array([0, 255, 7]),
    ]) {
      const a = parseNpy(encodeNpy({ data, shape: [3] }));
      expect(a.shape).toEqual([3]);
      expect(a.data).toEqual(data);
    }
    const m = parseNpy(encodeNpy({ data: new Float64Array([1, 2, 3, 4, 5, 6]), shape: [2, 3] }));
    expect(m.shape).toEqual([2, 3]);
  });
});

describe("readNpz", () => {
  const expected = json<{ arrays: Record<string, { shape: number[]; dtype: string; values: number[] }> }>(
    "npz.json",
  ).arrays;
  for (const name of ["npz_stored.npz", "npz_deflate.npz"]) {
    it(`reads ${name} (np.savez${name.includes("deflate") ? "_compressed" : ""})`, async () => {
      const arrays = await readNpz(file(name));
      expect(Object.keys(arrays).sort()).toEqual(["a", "b", "c"]);
      for (const [k, e] of Object.entries(expected)) {
        expect(arrays[k].shape).toEqual(e.shape);
        expect(arrays[k].dtype).toBe(e.dtype);
        expect(Array.from(arrays[k].data)).toEqual(e.values);
      }
    });
  }

  it("refuses a zip bomb before inflating past the cap", async () => {
    await expect(readNpz(file("npz_bomb.npz"), { maxTotalBytes: 16 << 20, maxEntries: 8 })).rejects.toThrow(
      /more than 16777216 bytes/,
    );
  });

  it("detects truncation and corruption", async () => {
    const good = file("npz_deflate.npz");
    for (const cut of [10, 100, good.length - 30, good.length - 1]) {
      await expect(readNpz(good.subarray(0, cut))).rejects.toThrow(RangeError);
    }
    const stored = file("npz_stored.npz");
    const flipped = stored.slice();
    flipped[200] ^= 0x01; // inside the first entry's data
    await expect(readNpz(flipped)).rejects.toThrow(/CRC-32 mismatch/);
    const garbage = new Uint8Array(1000).map((_, i) => (i * 31) & 0xff);
    await expect(readZip(garbage)).rejects.toThrow(/not a zip archive/);
  });

  it("encodeNpz round-trips", async () => {
    const W = new Float64Array([1, 2, 3, 4, 5, 6]);
    const arrays = await readNpz(
      encodeNpz({ W: { data: W, shape: [3, 2] }, b: { data: new Float32Array([7, 8]), shape: [2] } }),
    );
    expect(arrays.W.shape).toEqual([3, 2]);
    expect(arrays.W.data).toEqual(W);
    expect(arrays.b.dtype).toBe("<f4");
  });
});

interface PngCase {
  file: string;
  width: number;
  height: number;
  channels: number;
  data: number[];
}
interface DigitCase {
  file: string;
  expected: number[];
}

describe("decodePng", () => {
  const fixture = json<{ cases: PngCase[]; digits: DigitCase[] }>("png.json");
  for (const c of fixture.cases) {
    it(c.file, async () => {
      const img = await decodePng(file(c.file));
      expect([img.width, img.height, img.channels]).toEqual([c.width, c.height, c.channels]);
      expect(Array.from(img.data)).toEqual(c.data);
    });
  }

  it("checks CRCs, caps and truncation", async () => {
    const good = file("png_rgb8_filter4.png");
    const bad = good.slice();
    bad[40] ^= 0xff;
    await expect(decodePng(bad)).rejects.toThrow(/CRC mismatch/);
    await expect(decodePng(good.subarray(0, good.length - 20))).rejects.toThrow(/truncated/);
    await expect(decodePng(good, { maxPixels: 10, maxDimension: 100 })).rejects.toThrow(/exceeds the cap/);
    await expect(decodePng(new Uint8Array([1, 2, 3]))).rejects.toThrow(/not a PNG/);
  });

  for (const d of fixture.digits) {
    it(`mnistPreprocess(${d.file}) equals numpy's`, async () => {
      const out = mnistPreprocess(await decodePng(file(d.file)));
      expect(Array.from(out)).toEqual(d.expected);
    });
  }
});

describe("npy header keys", () => {
  it("a '__proto__' entry does not stand in for the header's required keys", () => {
    const header = "{'__proto__': {'descr': '<f8', 'fortran_order': False, 'shape': (1,)}}";
    const padded = header + " ".repeat(64 - ((10 + header.length + 1) % 64)) + "\n";
    const bytes = new Uint8Array(10 + padded.length + 8);
    bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, padded.length & 0xff, padded.length >> 8]);
    bytes.set(new TextEncoder().encode(padded), 10);
    expect(() => parseNpy(bytes)).toThrow(RangeError);
  });
});
