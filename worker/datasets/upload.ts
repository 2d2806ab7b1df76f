/**
 * PUT /v1/datasets/{name}/{split}: a split streamed from the request body into R2, never whole
 * in memory. Two forms:
 *
 *   multipart/form-data  files "images" and "labels": the official IDX files as they come,
 *                        gzip-compressed or not (train-images-idx3-ubyte.gz, ...); optional field
 *                        "classes" (class names, comma- or newline-separated)
 *   application/octet-stream  n x 784 pixel bytes then n label bytes (n x 785 bytes; the raw
 *                        uint8 form), Content-Length required
 *
 * Pixels flow body -> multipart parser -> gunzip (when gzip) -> IDX reader -> R2 blob writer
 * (5 MiB multipart parts), one chunk at a time; only the labels (at most 60 KB) are gathered.
 * Uploading train with two files also carves the private grading split from their end (see
 * `gradingCount`). The blobs are written first, the meta documents naming them last.
 */
import { text, textOf } from "../../core/i18n";
import { type ByteSink, gunzipIfGzip } from "../../core/io/byte-sink";
import { IdxStreamReader } from "../../core/io/idx-stream";
import { type MultipartEvent, MultipartParser, multipartBoundary } from "../../core/io/multipart";
import { Problem } from "../http/problem";
import { R2BlobWriter } from "./blob-writer";
import {
  blobKey,
  checkLabelValues,
  DATASET_LIMITS,
  DIGIT_CLASSES,
  datasetWriter,
  getSplitMeta,
  PIXELS,
  publishSplit,
  type Split,
  type SplitMeta,
  storedClasses,
} from "./bucket";

/** Largest body: a whole split in the raw form (60,000 x 785 bytes), plus room for the form's framing. */
export const UPLOAD_MAX_BYTES = DATASET_LIMITS.maxCount * (PIXELS + 1) + (64 << 10);
const MAX_IMAGES_FILE = 16 + DATASET_LIMITS.maxCount * PIXELS;

/**
 * Images carved from the end of the training files into the grading split when train is
 * uploaded: `requested` (?grading=), else none when a grading split was uploaded on its own,
 * else one in eight rounded down to a hundred (8,000 -> 1,000; 60,000 -> 7,500).
 */
export function gradingCount(count: number, requested: number | undefined, uploadedGrading: boolean): number {
  if (requested !== undefined) {
    if (requested >= count) throw Problem.field("grading", text("datasets.grading-too-many", { requested, count }));
    return requested;
  }
  if (uploadedGrading) return 0;
  return Math.floor(count / 800) * 100;
}

/** Class names from a query parameter or form field: comma- or newline-separated. */
export function parseClasses(list: string, pointer: string): string[] {
  const names = list
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s, i, all) => s !== "" || i < all.length - 1);
  if (names.length !== DATASET_LIMITS.classes) {
    throw Problem.field(pointer, text("datasets.class-count", { n: names.length, classes: DATASET_LIMITS.classes }));
  }
  names.forEach((n, i) => {
    if (n === "" || n.length > DATASET_LIMITS.maxClassName)
      throw Problem.field(`${pointer}/${i}`, text("datasets.class-length", { max: DATASET_LIMITS.maxClassName }));
  });
  if (new Set(names).size !== names.length) throw Problem.field(pointer, text("datasets.class-differ"));
  return names;
}

export interface UploadRequest {
  dataset: string;
  split: Split;
  classes?: string[];
  grading?: number;
}

/** Receives the images (IDX or raw) and routes the pixels of each row to its split's writer. */
class ImagesSink implements ByteSink {
  readonly idx = new IdxStreamReader("images", "images");
  count = -1;
  carve = 0;
  private offset = 0;
  private keepBytes = 0;
  writers: R2BlobWriter[] = [];

  constructor(
    private readonly start: (count: number) => { keep: R2BlobWriter; grading: R2BlobWriter | null; carve: number },
  ) {}

  begin(count: number): void {
    if (count < 1 || count > DATASET_LIMITS.maxCount)
      throw Problem.field("/images", text("datasets.image-count", { count, max: DATASET_LIMITS.maxCount }));
    const { keep, grading, carve } = this.start(count);
    this.count = count;
    this.carve = carve;
    this.keepBytes = (count - carve) * PIXELS;
    this.writers = grading ? [keep, grading] : [keep];
  }

  /** Raw pixels (no header). */
  async pixels(chunk: Uint8Array): Promise<void> {
    let at = 0;
    while (at < chunk.length) {
      const toKeep = this.keepBytes - this.offset;
      const n = toKeep > 0 ? Math.min(toKeep, chunk.length - at) : chunk.length - at;
      await this.writers[toKeep > 0 ? 0 : 1].write(chunk.subarray(at, at + n));
      at += n;
      this.offset += n;
    }
  }

  async write(chunk: Uint8Array): Promise<void> {
    for (const piece of this.idx.push(chunk)) {
      if (this.count < 0) {
        const [count, rows, cols] = this.idx.header!.dims;
        if (rows !== 28 || cols !== 28) throw Problem.field("/images", text("datasets.image-size", { rows, cols }));
        this.begin(count);
      }
      await this.pixels(piece);
    }
    if (this.idx.header && this.count < 0) this.begin(this.idx.header.dims[0]); // a header with no pixels yet
  }

  async close(): Promise<void> {
    this.idx.finish();
  }
}

/** Receives the labels (IDX or raw) into one small array. */
class LabelsSink implements ByteSink {
  readonly idx = new IdxStreamReader("labels", "labels");
  labels: Uint8Array | null = null;
  private offset = 0;

  begin(count: number): void {
    if (count < 1 || count > DATASET_LIMITS.maxCount)
      throw Problem.field("/labels", text("datasets.label-count", { count, max: DATASET_LIMITS.maxCount }));
    this.labels = new Uint8Array(count);
  }

  raw(chunk: Uint8Array): void {
    this.labels!.set(chunk, this.offset);
    this.offset += chunk.length;
  }

  async write(chunk: Uint8Array): Promise<void> {
    for (const piece of this.idx.push(chunk)) {
      if (!this.labels) this.begin(this.idx.header!.dims[0]);
      this.raw(piece);
    }
    if (this.idx.header && !this.labels) this.begin(this.idx.header.dims[0]);
  }

  async close(): Promise<void> {
    this.idx.finish();
  }
}

/** Reads the request body as a stream, at most maxBytes; 413 beyond. */
async function* bodyChunks(req: Request, maxBytes: number): AsyncGenerator<Uint8Array> {
  if (!req.body) return;
  const reader = req.body.getReader();
  let total = 0;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      total += value.length;
      if (total > maxBytes)
        throw new Problem(413, text("datasets.body-larger", { bytes: maxBytes, max: DATASET_LIMITS.maxCount }));
      yield value;
    }
  } finally {
    // Refused half-way: cancel the rest of the body, so the client is not left sending it.
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** Streams the upload into R2 and publishes the split (and, for train, the carved grading split). */
export function storeUpload(bucket: R2Bucket, req: Request, u: UploadRequest): Promise<SplitMeta[]> {
  return datasetWriter(u.dataset, () => storeUploadNow(bucket, req, u));
}

async function storeUploadNow(bucket: R2Bucket, req: Request, u: UploadRequest): Promise<SplitMeta[]> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (declared > UPLOAD_MAX_BYTES)
    throw new Problem(
      413,
      text("datasets.body-over", { declared, cap: UPLOAD_MAX_BYTES, max: DATASET_LIMITS.maxCount }),
    );
  if (type !== "multipart/form-data" && type !== "application/octet-stream") {
    throw new Problem(415, text("datasets.content-type", { type: type || "(none)" }), {
      errors: [
        {
          pointer: "",
          message: text("error.accepted-types", { accepted: "multipart/form-data, application/octet-stream" }),
        },
      ],
    });
  }
  const grading = await getSplitMeta(bucket, u.dataset, "grading");
  const upload = crypto.randomUUID();
  const images = new ImagesSink((count) => {
    const carve = u.split === "train" ? gradingCount(count, u.grading, grading !== null && !grading.carved) : 0;
    return {
      carve,
      keep: new R2BlobWriter(bucket, blobKey(u.dataset, u.split, upload, "images"), (count - carve) * PIXELS),
      grading:
        carve > 0 ? new R2BlobWriter(bucket, blobKey(u.dataset, "grading", upload, "images"), carve * PIXELS) : null,
    };
  });
  const labels = new LabelsSink();
  let classes = u.classes;
  try {
    if (type === "application/octet-stream") {
      if (!Number.isInteger(declared) || declared <= 0 || declared % (PIXELS + 1) !== 0) {
        throw Problem.field(
          "",
          text("datasets.not-785", {
            bytes: Number.isFinite(declared) ? declared : text("datasets.no-content-length"),
          }),
        );
      }
      const n = declared / (PIXELS + 1);
      images.begin(n);
      labels.begin(n);
      let at = 0;
      for await (const chunk of bodyChunks(req, declared)) {
        const px = Math.max(0, Math.min(chunk.length, n * PIXELS - at));
        if (px > 0) await images.pixels(chunk.subarray(0, px));
        if (px < chunk.length) labels.raw(chunk.subarray(px));
        at += chunk.length;
      }
      if (at !== declared) throw Problem.field("", text("datasets.ended-after", { at, declared }));
    } else {
      const boundary = multipartBoundary(req.headers.get("content-type") ?? "");
      if (!boundary)
        throw new Problem(400, text("datasets.no-boundary"), {
          errors: [{ pointer: "", message: text("form.no-boundary") }],
        });
      classes = await readForm(bucket, req, boundary, images, labels, u, classes);
    }
    if (images.count < 0) throw Problem.field("/images", text("datasets.missing-file", { name: "images" }));
    if (!labels.labels) throw Problem.field("/labels", text("datasets.missing-file", { name: "labels" }));
    const count = images.count;
    if (labels.labels.length !== count)
      throw Problem.field("/labels", text("datasets.count-mismatch", { count, labels: labels.labels.length }));

    // Class names: as given, else those of the dataset's stored splits (this one's included), else the digits.
    const other = await storedClasses(bucket, u.dataset, u.split);
    if (
      classes &&
      other &&
      other.classes.join("\n") !== classes.join("\n") &&
      !(u.split === "train" && other.split === "grading" && grading?.carved)
    ) {
      throw new Problem(
        409,
        text("datasets.classes-conflict", {
          split: other.split,
          dataset: u.dataset,
          classes: other.classes.join(", "),
        }),
        {
          errors: [{ pointer: "/classes", message: text("datasets.classes-conflict-field") }],
        },
      );
    }
    classes ??= (await storedClasses(bucket, u.dataset))?.classes ?? DIGIT_CLASSES;
    checkLabelValues(labels.labels, classes.length);

    // Every blob, then the metas that name them: grading before train, so no reader of train
    // ever finds a carved grading split missing.
    const keep = count - images.carve;
    const created = new Date().toISOString();
    const writeLabels = async (split: Split, bytes: Uint8Array) => {
      const w = new R2BlobWriter(bucket, blobKey(u.dataset, split, upload, "labels"), bytes.length);
      await w.write(bytes);
      return w.close();
    };
    const [keepImages, gradingImages] = await Promise.all(images.writers.map((w) => w.close()));
    const source = describeSource(type, images, labels, count);
    const metas: SplitMeta[] = [];
    if (images.carve > 0) {
      metas.push({
        dataset: u.dataset,
        split: "grading",
        count: images.carve,
        classes,
        created,
        images: gradingImages,
        labels: await writeLabels("grading", labels.labels.subarray(keep)),
        source: `the last ${images.carve} of the ${count} training images (${source})`,
        carved: true,
      });
    }
    metas.push({
      dataset: u.dataset,
      split: u.split,
      count: keep,
      classes,
      created,
      images: keepImages,
      labels: await writeLabels(u.split, labels.labels.subarray(0, keep)),
      source:
        images.carve > 0 ? `the first ${keep} of ${count} images (${source}; the rest is the grading split)` : source,
    });
    for (const meta of metas) await publishSplit(bucket, meta);
    return metas;
  } catch (err) {
    await Promise.all(images.writers.map((w) => w.abort()));
    // Whatever this upload wrote is named by no meta: remove it.
    const orphans = (["train", "test", "grading"] as const).flatMap((s) => [
      blobKey(u.dataset, s, upload, "images"),
      blobKey(u.dataset, s, upload, "labels"),
    ]);
    await bucket.delete(orphans).catch(() => {});
    throw err;
  }
}

function describeSource(type: string, images: ImagesSink, labels: LabelsSink, count: number): string {
  if (type === "application/octet-stream") return `${count} images uploaded as raw uint8`;
  return `${count} images uploaded as IDX files`;
}

/** Pumps a multipart body into the sinks; returns the class names if the form gave them. */
async function readForm(
  _bucket: R2Bucket,
  req: Request,
  boundary: string,
  images: ImagesSink,
  labels: LabelsSink,
  u: UploadRequest,
  classes: string[] | undefined,
): Promise<string[] | undefined> {
  const parser = new MultipartParser(boundary);
  let sink: ByteSink | null = null;
  let classesPart: Uint8Array[] | null = null;
  const seen = new Set<string>();
  const endPart = async () => {
    if (sink) await sink.close();
    if (classesPart) {
      const t = new TextDecoder().decode(concat(classesPart));
      if (u.classes) throw Problem.field("/classes", text("datasets.classes-twice"));
      classes = parseClasses(t, "/classes");
    }
    sink = null;
    classesPart = null;
  };
  const handle = async (e: MultipartEvent) => {
    if (e.type === "part") {
      await endPart();
      const name = e.headers.name;
      if (seen.has(name)) throw Problem.field(`/${name}`, text("datasets.field-twice", { name }));
      seen.add(name);
      if (name === "images") sink = gunzipIfGzip(images, MAX_IMAGES_FILE, "images");
      else if (name === "labels") sink = gunzipIfGzip(labels, 8 + DATASET_LIMITS.maxCount, "labels");
      else if (name === "classes") classesPart = [];
      else throw Problem.field(`/${name}`, text("datasets.unknown-field", { name }));
    } else if (e.type === "data") {
      if (sink) await sink.write(e.bytes);
      else if (classesPart) {
        classesPart.push(e.bytes.slice());
        if (classesPart.reduce((s, b) => s + b.length, 0) > 4096)
          throw Problem.field("/classes", text("datasets.classes-too-long"));
      }
    } else {
      await endPart();
    }
  };
  try {
    for await (const chunk of bodyChunks(req, UPLOAD_MAX_BYTES)) {
      for (const e of parser.push(chunk)) await handle(e);
    }
    parser.finish();
  } catch (err) {
    if (err instanceof RangeError) throw Problem.field("", textOf(err) ?? err.message);
    throw err;
  }
  return classes;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
