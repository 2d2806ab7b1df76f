// The streaming IDX reader against the numpy-written IDX fixtures (the same cases as the
// whole-file parser), fed in every split, plain and through gzip (node:zlib as the reference
// compressor).
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { loadFixture } from "../../test/helpers/fixtures";
import { type ByteSink, gunzipIfGzip } from "./byte-sink";
import { IdxStreamReader } from "./idx-stream";

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));

interface IdxCases {
  images_hex: string;
  labels_hex: string;
  images: number[];
  labels: number[];
  count: number;
  rows: number;
  cols: number;
  bad: { kind: "images" | "labels"; hex: string; error: string }[];
}
const { cases } = loadFixture<IdxCases>("nn-idx");

function readAll(kind: "images" | "labels", bytes: Uint8Array, cut: number): { dims: number[]; payload: number[] } {
  const r = new IdxStreamReader(kind);
  const payload: number[] = [];
  for (const piece of [...r.push(bytes.subarray(0, cut)), ...r.push(bytes.subarray(cut))]) payload.push(...piece);
  return { dims: r.finish().dims, payload };
}

/** A sink that collects what it is given through an IdxStreamReader. */
function collect(
  kind: "images" | "labels",
): ByteSink & { payload: number[]; reader: IdxStreamReader; closed: boolean } {
  const reader = new IdxStreamReader(kind);
  const s = {
    payload: [] as number[],
    reader,
    closed: false,
    async write(chunk: Uint8Array) {
      for (const piece of reader.push(chunk)) s.payload.push(...piece);
    },
    async close() {
      reader.finish();
      s.closed = true;
    },
  };
  return s;
}

describe("IdxStreamReader", () => {
  it("reads numpy-written images and labels split at every byte", () => {
    const images = hex(cases.images_hex);
    const labels = hex(cases.labels_hex);
    for (let cut = 0; cut <= images.length; cut++) {
      const im = readAll("images", images, cut);
      expect(im.dims).toEqual([cases.count, cases.rows, cases.cols]);
      expect(im.payload).toEqual(cases.images);
    }
    for (let cut = 0; cut <= labels.length; cut++) {
      const lb = readAll("labels", labels, cut);
      expect(lb.dims).toEqual([cases.count]);
      expect(lb.payload).toEqual(cases.labels);
    }
  });

  // Label values are checked against the dataset's class names when a split is stored.
  it("rejects the files the whole-file parser rejects (but label values)", () => {
    for (const b of cases.bad.filter((c) => c.error !== "not a digit")) {
      expect(() => readAll(b.kind, hex(b.hex), 3)).toThrow(RangeError);
    }
  });

  it("names a labels file sent as images, and gzip inside gzip", () => {
    expect(() => readAll("images", hex(cases.labels_hex), 0)).toThrow(/that is a labels file/);
    expect(() => readAll("labels", gzipSync(hex(cases.labels_hex)), 0)).toThrow(/gzip data: was it compressed twice/);
  });
});

describe("gunzipIfGzip", () => {
  it("passes plain IDX through and gunzips .gz, in any chunking", async () => {
    const images = hex(cases.images_hex);
    for (const bytes of [images, new Uint8Array(gzipSync(images))]) {
      for (const size of [1, 2, 7, bytes.length]) {
        const sink = collect("images");
        const front = gunzipIfGzip(sink, 1 << 20, "images");
        for (let i = 0; i < bytes.length; i += size) await front.write(bytes.subarray(i, i + size));
        await front.close();
        expect(front.gzip).toBe(bytes !== images);
        expect(sink.closed).toBe(true);
        expect(sink.payload).toEqual(cases.images);
      }
    }
  });

  it("stops a gzip bomb at the cap and reports corrupt gzip", async () => {
    const bomb = new Uint8Array(gzipSync(new Uint8Array(1 << 20)));
    const nowhere: ByteSink = { write: async () => {}, close: async () => {} };
    const front = gunzipIfGzip(nowhere, 1000, "train-images");
    await expect(
      (async () => {
        await front.write(bomb);
        await front.close();
      })(),
    ).rejects.toThrow(/train-images: decompressed data exceeds 1000 bytes/);
    const broken = new Uint8Array(gzipSync(hex(cases.images_hex)));
    broken[20] ^= 0xff;
    const sink = collect("images");
    const g = gunzipIfGzip(sink, 1 << 20, "images");
    await expect(
      (async () => {
        await g.write(broken);
        await g.close();
      })(),
    ).rejects.toThrow(RangeError);
  });

  it("passes on the downstream error (an IDX header that is not images)", async () => {
    const g = gunzipIfGzip(collect("images"), 1 << 20, "images");
    await expect(
      (async () => {
        await g.write(new Uint8Array(gzipSync(hex(cases.labels_hex))));
        await g.close();
      })(),
    ).rejects.toThrow(/that is a labels file/);
  });
});
