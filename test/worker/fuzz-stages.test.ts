import { env } from "cloudflare:test";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DecoderStage, onDecoderStage } from "../../core/io/stages";
import { decodeModelFile, type ModelMeta } from "../../core/nn/model-file";
import app from "../../worker/index";
import { paramsKey } from "../../worker/models/store";
import {
  buildNpy,
  buildPng,
  buildZip,
  type Chunk,
  compress,
  concatBytes,
  decompress,
  pngChunks,
  type ZipEntry,
  zlibWrap,
} from "../helpers/containers";
import { documentedOutcome, type OpenApiDoc } from "../helpers/openapi-shape";
import { fixtureBytes, loadDefaults } from "./defaults";

/**
 * Fuzzing that gets past the door. Files are mutated where a decoder works, not where a checksum
 * stops them: inside the filtered image data and inside the deflate streams (PNG chunk CRCs,
 * zlib Adler-32 and zip CRC-32 recomputed), inside .npy headers and data in a rebuilt zip, and
 * JSON bodies that parse but carry wrong contents for their schema. Every outcome must be a 2xx
 * whose body has the shape /openapi.json documents, or a 4xx problem+json; every 201 is read
 * back from storage. Each campaign counts how many cases reach each decoder stage (through
 * core/io/stages.ts) and asserts a floor on each share, so the fuzzing cannot silently fall
 * back to bouncing off the first check. FUZZ_RUNS scales the runs; FUZZ_REPORT=1 (npm run
 * fuzz:report) writes the table to FUZZ-REPORT.md.
 */
const ADMIN = { authorization: "Bearer test-admin-token" };
const scale = Number(env.FUZZ_RUNS) > 0 ? Number(env.FUZZ_RUNS) / 1500 : 1;
const runs = (n: number) => Math.max(1, Math.round(n * scale));

type Stage = DecoderStage | "validation" | "handler";
interface Campaign {
  title: string;
  cases: number;
  counts: Map<Stage, number>;
  floors: Partial<Record<Stage, number>>;
}
const campaigns: Campaign[] = [];

function campaign(title: string, floors: Partial<Record<Stage, number>>): Campaign {
  const c: Campaign = { title, cases: 0, counts: new Map(), floors };
  campaigns.push(c);
  return c;
}

function record(c: Campaign, stages: Set<Stage>): void {
  c.cases++;
  for (const s of stages) c.counts.set(s, (c.counts.get(s) ?? 0) + 1);
}

const share = (c: Campaign, s: Stage) => (c.counts.get(s) ?? 0) / Math.max(1, c.cases);

function expectFloors(c: Campaign): void {
  for (const [stage, floor] of Object.entries(c.floors) as [Stage, number][]) {
    expect(share(c, stage), `${c.title}: share of cases reaching ${stage}`).toBeGreaterThanOrEqual(floor);
  }
}

let doc: OpenApiDoc;

interface Outcome {
  status: number;
  type: string;
  body: any;
  stages: Set<Stage>;
}

/** One request through the app in this isolate, with the decoder stages it reached. */
async function send(
  method: string,
  path: string,
  docPath: string,
  type: string,
  body: BodyInit,
  headers: Record<string, string> = {},
): Promise<Outcome> {
  const stages = new Set<Stage>();
  const previous = onDecoderStage((s) => stages.add(s));
  let res: Response;
  try {
    res = await app.fetch(
      new Request(`http://x${path}`, { method, headers: { "content-type": type, ...headers }, body }),
      env,
    );
  } finally {
    onDecoderStage(previous);
  }
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: documentedOutcome reports the content type
  }
  const out = { status: res.status, type: res.headers.get("content-type") ?? "", body: parsed, stages };
  const wrong = documentedOutcome(doc, method, docPath, out);
  if (wrong) throw new Error(`${method} ${path}: ${wrong}`);
  if (res.status >= 200 && res.status < 300) stages.add("handler");
  return out;
}

beforeAll(async () => {
  await loadDefaults();
  doc = await (await app.fetch(new Request("http://x/openapi.json"), env)).json();
});

// ---- PNG ----------------------------------------------------------------------------------------

interface PngBase {
  chunks: Chunk[];
  zlib: Uint8Array;
  raw: Uint8Array;
  lineStarts: number[];
}

async function pngBase(file: string): Promise<PngBase> {
  const chunks = pngChunks(await fixtureBytes(file));
  const zlib = concatBytes(chunks.filter((c) => c.type === "IDAT").map((c) => c.data));
  const raw = (await decompress(zlib, "deflate"))!;
  const ihdr = new DataView(chunks[0].data.buffer, chunks[0].data.byteOffset);
  const [width, height, depth, colour, interlace] = [
    ihdr.getUint32(0),
    ihdr.getUint32(4),
    chunks[0].data[8],
    chunks[0].data[9],
    chunks[0].data[12],
  ];
  const samples = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colour as 0 | 2 | 3 | 4 | 6];
  // Line starts (filter-type bytes) of a non-interlaced image; for Adam7 those of the last pass.
  const lineStarts: number[] = [];
  if (!interlace) {
    const line = 1 + Math.ceil((width * samples * depth) / 8);
    for (let r = 0; r < height; r++) lineStarts.push(r * line);
  } else {
    const line = 1 + Math.ceil((width * samples * depth) / 8);
    const rows = Math.floor(height / 2);
    for (let r = 0; r < rows; r++) lineStarts.push(raw.length - (rows - r) * line);
  }
  return { chunks, zlib, raw, lineStarts };
}

function withIdat(chunks: readonly Chunk[], zlib: Uint8Array, cut?: number): Uint8Array {
  const out: { type: string; data: Uint8Array }[] = [];
  let placed = false;
  for (const c of chunks) {
    if (c.type !== "IDAT") out.push(c);
    else if (!placed) {
      // Split the stream over two IDAT chunks at `cut` (decoders must join them).
      if (cut !== undefined && cut > 0 && cut < zlib.length)
        out.push({ type: "IDAT", data: zlib.slice(0, cut) }, { type: "IDAT", data: zlib.slice(cut) });
      else out.push({ type: "IDAT", data: zlib });
      placed = true;
    }
  }
  return buildPng(out);
}

type PngMutation =
  | { kind: "filtered"; edits: [number, number][]; filters: [number, number][] }
  | { kind: "deflate"; edits: [number, number][] }
  | { kind: "ihdr"; field: number; value: number }
  | { kind: "short"; keep: number; split: number };

function pngMutation(base: PngBase): fc.Arbitrary<PngMutation> {
  const edit = (n: number) => fc.tuple(fc.nat({ max: n - 1 }), fc.nat({ max: 255 }));
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant("filtered" as const),
        edits: fc.array(edit(base.raw.length), { maxLength: 6 }),
        filters: fc.array(fc.tuple(fc.nat({ max: base.lineStarts.length - 1 }), fc.nat({ max: 6 })), { maxLength: 2 }),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant("deflate" as const),
        edits: fc.array(edit(base.zlib.length - 6), { minLength: 1, maxLength: 3 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("ihdr" as const),
        field: fc.nat({ max: 12 }),
        value: fc.nat({ max: 255 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("short" as const),
        keep: fc.nat({ max: base.raw.length - 1 }),
        split: fc.nat({ max: 200 }),
      }),
    },
  );
}

/** The mutated file: every checksum (chunk CRC, zlib Adler-32) valid again. */
async function pngFile(base: PngBase, m: PngMutation): Promise<Uint8Array> {
  if (m.kind === "filtered") {
    const raw = base.raw.slice();
    for (const [i, v] of m.edits) raw[i] = v;
    for (const [line, f] of m.filters) raw[base.lineStarts[line]] = f;
    return withIdat(base.chunks, zlibWrap(await compress(raw, "deflate-raw"), raw));
  }
  if (m.kind === "deflate") {
    const inner = base.zlib.slice(2, base.zlib.length - 4);
    for (const [i, v] of m.edits) inner[i] = v;
    const plain = await decompress(inner, "deflate-raw");
    // A stream that still inflates gets the Adler-32 of what it inflates to, so the image
    // decoder sees it; a corrupt one keeps the old checksum (inflate rejects it first).
    return withIdat(
      base.chunks,
      plain
        ? zlibWrap(inner, plain)
        : concatBytes([base.zlib.subarray(0, 2), inner, base.zlib.subarray(base.zlib.length - 4)]),
    );
  }
  if (m.kind === "ihdr") {
    const ihdr = base.chunks[0].data.slice();
    ihdr[m.field] = m.field < 8 && m.value > 64 ? 0 : m.value; // keep sizes small enough to decode
    return buildPng([{ type: "IHDR", data: ihdr }, ...base.chunks.slice(1)]);
  }
  const raw = base.raw.subarray(0, m.keep);
  return withIdat(base.chunks, zlibWrap(await compress(raw, "deflate-raw"), raw), m.split);
}

/** Every prefix that ends at, or one byte either side of, a chunk boundary or a field in a chunk header. */
function chunkCuts(file: Uint8Array): number[] {
  const cuts = new Set<number>([0, 4, 7, 8]);
  for (const c of pngChunks(file))
    for (const at of [c.start, c.start + 4, c.start + 8, c.end - 4, c.end])
      for (const d of [-1, 0, 1]) cuts.add(at + d);
  return [...cuts].filter((n) => n >= 0 && n < file.length).sort((a, b) => a - b);
}

describe("PNG digits mutated inside the image data, to predict", () => {
  const PREDICT = ["/v1/models/mnist-two-layer/predict", "/v1/models/{name}/predict"] as const;
  const plain = campaign("PNG, 90x60 gray (filters and deflate, checksums recomputed)", {
    "png.inflate": 0.6,
    "png.unfilter": 0.35,
    handler: 0.2,
  });
  const interlaced = campaign("PNG, 140x140 RGBA Adam7 (filters and deflate, checksums recomputed)", {
    "png.inflate": 0.6,
    "png.unfilter": 0.35,
    "png.adam7": 0.35,
    handler: 0.2,
  });
  const cuts = campaign("PNG truncated at every chunk boundary (+-1 byte)", { "png.chunks": 0.9 });

  for (const [c, file, seed, n] of [
    [plain, "formats/png_digit_gray_offcentre.png", 171, 160],
    [interlaced, "formats/png_digit_rgba_canvas.png", 172, 100],
  ] as const) {
    it(`${c.title}: 200 with predictions or 4xx problem+json`, async () => {
      const base = await pngBase(file);
      await fc.assert(
        fc.asyncProperty(pngMutation(base), async (m) => {
          const r = await send("POST", PREDICT[0], PREDICT[1], "image/png", await pngFile(base, m));
          if (r.status === 200) expect(r.body.predictions).toHaveLength(1);
          record(c, r.stages);
        }),
        { seed, numRuns: runs(n) },
      );
      expectFloors(c);
    });
  }

  it(`${cuts.title}: 4xx problem+json`, async () => {
    for (const file of ["formats/png_digit_gray_offcentre.png", "formats/png_digit_rgba_canvas.png"]) {
      const bytes = await fixtureBytes(file);
      for (const n of chunkCuts(bytes)) {
        const r = await send("POST", PREDICT[0], PREDICT[1], "image/png", bytes.slice(0, n));
        expect(r.status, `${file} cut at ${n}`).toBeGreaterThanOrEqual(400);
        record(cuts, r.stages);
      }
    }
    expectFloors(cuts);
  });
});

// ---- npz (PUT a model) and npy (predict) ------------------------------------------------------

interface Npy {
  header: string;
  data: Uint8Array;
}

function splitNpy(bytes: Uint8Array): Npy {
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true);
  return { header: new TextDecoder().decode(bytes.subarray(10, 10 + len)).trimEnd(), data: bytes.slice(10 + len) };
}

/** Values of a little-endian C- or Fortran-order float/uint8 .npy, read here independently of core/io/npy.ts. */
function npyValues(header: string, data: Uint8Array): { shape: number[]; values: Float64Array } | null {
  const descr = /'descr': '([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order': True/.test(header);
  const shape = /'shape': \(([^)]*)\)/
    .exec(header)?.[1]
    .split(",")
    .filter((s) => s.trim())
    .map(Number);
  if (!descr || !shape) return null;
  const size = { "<f8": 8, "<f4": 4, "|u1": 1 }[descr];
  if (!size) return null;
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const read = (i: number) =>
    size === 8 ? v.getFloat64(i * 8, true) : size === 4 ? v.getFloat32(i * 4, true) : data[i];
  const values = new Float64Array(n);
  if (fortran && shape.length === 2) {
    for (let i = 0; i < shape[0]; i++)
      for (let j = 0; j < shape[1]; j++) values[i * shape[1] + j] = read(j * shape[0] + i);
  } else for (let i = 0; i < n; i++) values[i] = read(i);
  return { shape, values };
}

function toF4(data: Uint8Array): Uint8Array {
  const f8 = new Float64Array(data.slice().buffer);
  return new Uint8Array(Float32Array.from(f8).buffer);
}

function transposeF8(data: Uint8Array, rows: number, cols: number): Uint8Array {
  const src = new Float64Array(data.slice().buffer);
  const out = new Float64Array(src.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = src[i * cols + j];
  return new Uint8Array(out.buffer);
}

type NpzMutation =
  | { kind: "header"; entry: number; op: number }
  | { kind: "data"; entry: number; edits: [number, number][] }
  | { kind: "deflate"; entry: number; edits: [number, number][] }
  | { kind: "entries"; op: number };

const HEADER_OPS = 9;

/** One .npy entry with its header rewritten; some rewrites keep header and data consistent. */
function mutateHeader(npy: Npy, op: number): Npy {
  const shape = /'shape': \(([^)]*)\)/.exec(npy.header)![1];
  const dims = shape
    .split(",")
    .filter((s) => s.trim())
    .map(Number);
  const set = (key: string, value: string) =>
    npy.header.replace(new RegExp(`'${key}': [^,}]*(\\([^)]*\\))?`), `'${key}': ${value}`);
  switch (op) {
    case 0:
      return { header: set("descr", "'<f4'"), data: toF4(npy.data) }; // float32, consistent
    case 1:
      return {
        header: set("fortran_order", "True"),
        data: dims.length === 2 ? transposeF8(npy.data, dims[0], dims[1]) : npy.data,
      }; // Fortran order, consistent
    case 2:
      return {
        header: set("shape", `(${[...dims].reverse().join(", ")}${dims.length === 1 ? "," : ""})`),
        data: npy.data,
      }; // transposed shape
    case 3:
      return {
        header: set(
          "shape",
          `(${dims.map((d, i) => (i === 0 ? d + 1 : d)).join(", ")}${dims.length === 1 ? "," : ""})`,
        ),
        data: npy.data,
      }; // one row too many
    case 4:
      return { header: set("descr", "'>f8'"), data: npy.data };
    case 5:
      return { header: set("descr", "'<i8'"), data: npy.data };
    case 6:
      return { header: npy.header.replace("{", "{'extra': 1, "), data: npy.data };
    case 7:
      return { header: npy.header.slice(0, Math.floor(npy.header.length / 2)), data: npy.data }; // cut dict
    default:
      return { header: set("shape", "(784, 10, 1)"), data: npy.data };
  }
}

describe(".npz models mutated inside the archive, PUT and read back", () => {
  const MODEL = ["/v1/models/fuzz-net", "/v1/models/{name}"] as const;
  const npz = campaign(".npz (npy headers/data, deflate streams, entries; CRC-32 recomputed)", {
    "zip.entries": 0.8,
    "zip.inflate": 0.2,
    "npy.header": 0.6,
    "npy.data": 0.4,
    "npz.arrays": 0.3,
    handler: 0.15,
  });
  const cuts = campaign(".npz truncated at every record boundary (+-1 byte)", { "zip.entries": 0 });
  let entries: { name: string; npy: Npy }[];
  let stored = 0;

  beforeAll(async () => {
    // np.savez of simpleNet grown to MNIST (W 784x10, b 10; float64), split into its .npy entries
    const { readZip } = await import("../../core/io/zip");
    const files = await readZip(await fixtureBytes("formats/net_simple.npz"));
    entries = [...files].map(([name, bytes]) => ({ name, npy: splitNpy(bytes) }));
  });

  /** After a 201: the stored version's params, read from KV, are what the archive held (as float32). */
  async function readBack(version: number, sent: { name: string; npy: Npy }[]): Promise<void> {
    const meta = (await (
      await app.fetch(new Request(`http://x/v1/models/fuzz-net?version=${version}`), env)
    ).json()) as ModelMeta & { version: number };
    expect(meta.version).toBe(version);
    const bytes = new Uint8Array((await env.KV.get(paramsKey("fuzz-net", version), "arrayBuffer"))!);
    const net = decodeModelFile(meta, bytes);
    for (const { name, npy } of sent) {
      const want = npyValues(npy.header, npy.data)!;
      const got = net.params[name.replace(/\.npy$/, "")];
      expect(got.shape, name).toEqual(want.shape);
      expect(Array.from(got.data), name).toEqual(Array.from(want.values, Math.fround));
    }
    stored++;
    // Start each case from an empty store (keeps the isolated storage this test stacks small).
    expect(
      (await app.fetch(new Request("http://x/v1/models/fuzz-net", { method: "DELETE", headers: ADMIN }), env)).status,
    ).toBe(200);
  }

  // Four quarters, each a test of its own: the isolated storage of one test stays small (with 40+
  // storing cases in one test the pool's storage pop failed now and then: "Network connection lost").
  for (const [seed, last] of [
    [181, false],
    [182, false],
    [183, false],
    [184, true],
  ] as const)
    it(`${npz.title}, seed ${seed}: 201 read back, or 4xx problem+json`, async () => {
      const mutation: fc.Arbitrary<NpzMutation> = fc.oneof(
        {
          weight: 3,
          arbitrary: fc.record({
            kind: fc.constant("header" as const),
            entry: fc.nat({ max: 1 }),
            op: fc.nat({ max: HEADER_OPS - 1 }),
          }),
        },
        {
          weight: 2,
          arbitrary: fc.record({
            kind: fc.constant("data" as const),
            entry: fc.nat({ max: 1 }),
            edits: fc.array(fc.tuple(fc.nat({ max: 79 }), fc.nat({ max: 255 })), { maxLength: 3 }),
          }),
        },
        {
          weight: 3,
          arbitrary: fc.record({
            kind: fc.constant("deflate" as const),
            entry: fc.nat({ max: 1 }),
            edits: fc.array(fc.tuple(fc.nat({ max: 5000 }), fc.nat({ max: 255 })), { maxLength: 2 }),
          }),
        },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant("entries" as const), op: fc.nat({ max: 4 }) }) },
      );
      await fc.assert(
        fc.asyncProperty(mutation, async (m) => {
          let sent = entries.map((e) => ({ name: e.name, npy: { ...e.npy } }));
          let zip: ZipEntry[];
          if (m.kind === "header") sent[m.entry].npy = mutateHeader(sent[m.entry].npy, m.op);
          if (m.kind === "data") {
            const data = sent[m.entry].npy.data.slice();
            // edits land in the first and last 40 bytes of the data (exponents and signs included)
            for (const [i, v] of m.edits) data[i < 40 ? i : data.length - 80 + i] = v;
            sent[m.entry].npy = { header: sent[m.entry].npy.header, data };
          }
          if (m.kind === "entries") {
            if (m.op === 0) sent = sent.slice(1); // W missing
            if (m.op === 1) sent = [...sent, { name: "extra.npy", npy: sent[1].npy }];
            if (m.op === 2) sent = [sent[0], { name: "b", npy: sent[1].npy }]; // not a .npy name
            if (m.op === 3) sent = [sent[0], { name: "c.npy", npy: sent[1].npy }]; // unknown param
            if (m.op === 4) sent = [sent[0], sent[1], sent[1]]; // duplicate entry
          }
          const files = sent.map((e) => ({ name: e.name, bytes: buildNpy(e.npy.header, e.npy.data) }));
          if (m.kind === "deflate") {
            zip = [];
            for (const [i, f] of files.entries()) {
              const deflated = await compress(f.bytes, "deflate-raw");
              if (i !== m.entry) {
                zip.push({ name: f.name, data: f.bytes, method: 8, stored: deflated });
                continue;
              }
              for (const [at, v] of m.edits) deflated[at % deflated.length] = v;
              const plain = await decompress(deflated, "deflate-raw");
              // Still inflates: the directory declares what it inflates to (CRC and size), so
              // npy parsing sees it; otherwise the old CRC stays and inflate must refuse it.
              zip.push(
                plain
                  ? { name: f.name, data: plain, method: 8, stored: deflated }
                  : { name: f.name, data: f.bytes, method: 8, stored: deflated },
              );
              if (plain)
                sent[i] = { name: f.name, npy: plain.length >= 10 ? splitNpy(plain) : { header: "", data: plain } };
            }
          } else zip = files.map((f) => ({ name: f.name, data: f.bytes, method: 0 }));
          const r = await send("PUT", MODEL[0], MODEL[1], "application/zip", buildZip(zip).bytes, ADMIN);
          record(npz, r.stages);
          if (r.status === 201) await readBack(r.body.version, sent);
        }),
        { seed, numRuns: runs(20) },
      );
      if (last) {
        expect(stored).toBeGreaterThan(0);
        expectFloors(npz);
      }
    });

  it(`${cuts.title}: 4xx problem+json, nothing stored`, async () => {
    const { bytes, boundaries } = buildZip(
      entries.map((e) => ({ name: e.name, data: buildNpy(e.npy.header, e.npy.data), method: 0 })),
    );
    const before = await env.KV.get("model-pointer/fuzz-cut");
    const at = new Set<number>();
    for (const b of boundaries) for (const d of [-1, 0, 1]) if (b + d > 0 && b + d < bytes.length) at.add(b + d);
    for (const n of [...at].sort((a, b) => a - b)) {
      const r = await send(
        "PUT",
        "/v1/models/fuzz-cut",
        "/v1/models/{name}",
        "application/zip",
        bytes.slice(0, n),
        ADMIN,
      );
      expect(r.status, `cut at ${n}`).toBeGreaterThanOrEqual(400);
      record(cuts, r.stages);
    }
    expect(await env.KV.get("model-pointer/fuzz-cut")).toBe(before);
    expectFloors(cuts);
  });
});

describe(".npy digit batches mutated in header and data, to predict", () => {
  const npyCampaign = campaign(".npy to predict (shapes, dtypes, order, data, truncation)", {
    "npy.header": 0.9,
    "npy.data": 0.5,
    handler: 0.25,
  });
  it(`${npyCampaign.title}: 200 with one prediction per digit, or 4xx problem+json`, async () => {
    const digits = (await fixtureBytes("mnist/test-images.u8")).slice(0, 3 * 784);
    const shapes = [
      "(3, 784)",
      "(3, 28, 28)",
      "(784,)",
      "(28, 28)",
      "(1, 784)",
      "(3, 783)",
      "(2, 784)",
      "(0, 784)",
      "(3, 785)",
      "(3, 28, 29)",
    ];
    const dtypes = ["|u1", "<f4", "<f8", ">f4", "<i2", "|b1"];
    // Half the draws pick a shape and dtype predict accepts, so edits and cuts are tried on files that otherwise parse.
    const pick = (n: number, valid: number) => fc.oneof(fc.nat({ max: valid - 1 }), fc.nat({ max: n - 1 }));
    const mutation = fc.record({
      shape: pick(shapes.length, 5),
      dtype: pick(dtypes.length, 3),
      fortran: fc.boolean(),
      edits: fc.array(fc.tuple(fc.nat({ max: 3 * 784 * 8 }), fc.nat({ max: 255 })), { maxLength: 3 }),
      cut: fc.oneof(
        { weight: 4, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.nat({ max: 3 * 784 * 8 + 128 }) },
      ),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const dtype = dtypes[m.dtype];
        const shape = shapes[m.shape];
        const n = shape
          .replace(/[()]/g, "")
          .split(",")
          .filter((s) => s.trim())
          .map(Number)
          .reduce((a, b) => a * b, 1);
        // Pixels in the dtype's encoding (float: 0..1), as many as the shape asks when the digits have them.
        const pixels = Array.from({ length: n }, (_, i) => digits[i % digits.length]);
        const data =
          dtype === "<f4"
            ? new Uint8Array(Float32Array.from(pixels, (p) => p / 255).buffer)
            : dtype === "<f8"
              ? new Uint8Array(Float64Array.from(pixels, (p) => p / 255).buffer)
              : dtype === "<i2"
                ? new Uint8Array(Int16Array.from(pixels).buffer)
                : Uint8Array.from(pixels);
        for (const [i, v] of m.edits) if (data.length) data[i % data.length] = v;
        let file = buildNpy(
          `{'descr': '${dtype}', 'fortran_order': ${m.fortran ? "True" : "False"}, 'shape': ${shape}, }`,
          data,
        );
        if (m.cut !== null) file = file.slice(0, m.cut % (file.length + 1));
        const r = await send(
          "POST",
          "/v1/models/mnist-two-layer/predict",
          "/v1/models/{name}/predict",
          "application/x-npy",
          file,
        );
        if (r.status === 200)
          expect(r.body.predictions.length).toBe(
            shape.startsWith("(784") || shape.startsWith("(28,") ? 1 : Number(shape.slice(1, shape.indexOf(","))),
          );
        record(npyCampaign, r.stages);
      }),
      { seed: 191, numRuns: runs(150) },
    );
    expectFloors(npyCampaign);
  });
});

// ---- JSON with wrong contents per schema -----------------------------------------------------------

const CONCRETE: Record<string, string> = { "{name}": "mnist-two-layer", "{id}": "dlfs-ch04" };
const SKIP = new Set(["/v1/train", "/v1/gradient-check"]); // real jobs: covered by errors.test.ts with short runs

type JsonOp = { path: number[]; op: number; extra: number };
const WRONG: unknown[] = [
  "x",
  "",
  true,
  null,
  {},
  [],
  0,
  -1,
  0.5,
  1e308,
  -1e-308,
  2 ** 53,
  "NaN",
  [[]],
  [1, "a"],
  { x: 1 },
];

/** The example with one value replaced, dropped or duplicated, somewhere along `path` (indices into keys/elements). */
function mutateJson(example: unknown, m: JsonOp): unknown {
  const root = structuredClone(example);
  let parent: any = null;
  let key: string | number = "";
  let node: any = root;
  for (const step of m.path) {
    if (Array.isArray(node) && node.length) key = step % node.length;
    else if (node && typeof node === "object" && Object.keys(node).length)
      key = Object.keys(node)[step % Object.keys(node).length];
    else break;
    parent = node;
    node = node[key];
  }
  if (parent === null)
    return m.op % 2 ? { ...(root as object), ["unknown_" + m.extra]: 1 } : WRONG[m.extra % WRONG.length];
  switch (m.op) {
    case 0:
      parent[key] = WRONG[m.extra % WRONG.length];
      break; // wrong type or value
    case 1:
      Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key];
      break; // dropped
    case 2:
      if (Array.isArray(parent)) parent.push(structuredClone(node));
      else parent[`${String(key)}_${m.extra}`] = node;
      break; // one too many
    case 3:
      parent[key] = [node];
      break; // one level deeper
    case 4:
      parent[key] = typeof node === "number" ? -node * 10 ** (m.extra % 5) : node;
      break; // sign and scale
    default:
      parent[key] = typeof node === "number" ? node + 0.5 : node;
      break; // fractional
  }
  return root;
}

describe("JSON bodies that parse but break their schema", () => {
  const json = campaign("JSON examples of every POST route, one field broken", { validation: 1, handler: 0.15 });
  it(`${json.title}: 2xx with the documented shape or 4xx problem+json`, async () => {
    const routes = Object.entries<any>(doc.paths)
      .filter(([p, ops]) => ops.post?.requestBody?.content?.["application/json"]?.example !== undefined && !SKIP.has(p))
      .map(([p, ops]) => ({
        docPath: p,
        path: p.replace(/\{\w+\}/g, (s) => CONCRETE[s] ?? s),
        example: ops.post.requestBody.content["application/json"].example,
      }));
    expect(routes.length).toBeGreaterThanOrEqual(9);
    const mutation = fc.record({
      route: fc.nat({ max: routes.length - 1 }),
      path: fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 4 }),
      op: fc.nat({ max: 5 }),
      extra: fc.nat({ max: 100 }),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const route = routes[m.route];
        const r = await send(
          "POST",
          route.path,
          route.docPath,
          "application/json",
          JSON.stringify(mutateJson(route.example, m)),
        );
        // Parsed JSON always reaches validation: a 400 here would mean the body was never read as JSON.
        if (r.status !== 400) r.stages.add("validation");
        record(json, r.stages);
      }),
      { seed: 201, numRuns: runs(300) },
    );
    expectFloors(json);
  });
});

afterAll(async () => {
  const rows = campaigns
    .filter((c) => c.cases > 0)
    .flatMap((c) => {
      const stages = [...new Set<Stage>([...c.counts.keys(), ...(Object.keys(c.floors) as Stage[])])];
      return stages.map(
        (s) =>
          `| ${c.title} | ${c.cases} | ${s} | ${(100 * share(c, s)).toFixed(1)}% | ${c.floors[s] === undefined ? "" : `${(100 * c.floors[s]!).toFixed(0)}%`} |`,
      );
    });
  const table = ["| campaign | cases | stage reached | share | floor |", "|---|---|---|---|---|", ...rows].join("\n");
  console.log(table);
  if (env.FUZZ_REPORT) await env.REPORT.fetch("http://report/FUZZ-REPORT.md", { method: "PUT", body: table });
});
