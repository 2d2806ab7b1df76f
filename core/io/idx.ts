/**
 * Parser for the official MNIST IDX files (http://yann.lecun.com/exdb/mnist/): big-endian
 * header magic 0x00000803 (unsigned bytes, 3 dims: count, rows, cols) for images and
 * 0x00000801 (1 dim: count) for labels, then the raw bytes. Gunzipping is the caller's job.
 */
export interface MnistSet {
  images: Uint8Array; // count * rows * cols, row-major
  labels: Uint8Array; // count
  count: number;
  rows: number;
  cols: number;
}

const IMAGES_MAGIC = 0x00000803;
const LABELS_MAGIC = 0x00000801;

function header(fn: string, bytes: Uint8Array, magic: number, dims: number): number[] {
  const need = 4 + 4 * dims;
  if (bytes.length < 4) throw new RangeError(`${fn}: truncated header (${bytes.length} bytes, need ${need})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const got = view.getUint32(0, false);
  if (got !== magic) {
    const hex = (v: number) => "0x" + v.toString(16).padStart(8, "0");
    const hint = bytes[0] === 0x1f && bytes[1] === 0x8b ? " (gzip data: gunzip it first)" : "";
    throw new RangeError(`${fn}: bad magic ${hex(got)}, expected ${hex(magic)}${hint}`);
  }
  if (bytes.length < need) throw new RangeError(`${fn}: truncated header (${bytes.length} bytes, need ${need})`);
  return Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i, false));
}

/** train-images-idx3-ubyte (or t10k-) bytes -> {images, count, rows, cols}. The pixels are a view into `bytes`. */
export function parseIdxImages(bytes: Uint8Array): { images: Uint8Array; count: number; rows: number; cols: number } {
  const [count, rows, cols] = header("parseIdxImages", bytes, IMAGES_MAGIC, 3);
  const n = count * rows * cols;
  if (bytes.length < 16 + n) {
    throw new RangeError(
      `parseIdxImages: truncated data: ${count} images of ${rows}x${cols} need ${16 + n} bytes, got ${bytes.length}`,
    );
  }
  if (bytes.length > 16 + n)
    throw new RangeError(
      `parseIdxImages: ${bytes.length - 16 - n} trailing bytes after ${count} images of ${rows}x${cols}`,
    );
  return { images: bytes.subarray(16, 16 + n), count, rows, cols };
}

/** train-labels-idx1-ubyte bytes -> {labels, count}; labels must be digits 0..9. */
export function parseIdxLabels(bytes: Uint8Array): { labels: Uint8Array; count: number } {
  const [count] = header("parseIdxLabels", bytes, LABELS_MAGIC, 1);
  if (bytes.length < 8 + count)
    throw new RangeError(
      `parseIdxLabels: truncated data: ${count} labels need ${8 + count} bytes, got ${bytes.length}`,
    );
  if (bytes.length > 8 + count)
    throw new RangeError(`parseIdxLabels: ${bytes.length - 8 - count} trailing bytes after ${count} labels`);
  const labels = bytes.subarray(8, 8 + count);
  for (let i = 0; i < count; i++) {
    if (labels[i] > 9) throw new RangeError(`parseIdxLabels: label ${labels[i]} at ${i} is not a digit 0..9`);
  }
  return { labels, count };
}

/** An images file and its labels file -> one MnistSet; the counts must agree. */
export function parseIdx(imageBytes: Uint8Array, labelBytes: Uint8Array): MnistSet {
  const im = parseIdxImages(imageBytes);
  const lb = parseIdxLabels(labelBytes);
  if (im.count !== lb.count) throw new RangeError(`parseIdx: ${im.count} images but ${lb.count} labels`);
  return { images: im.images, labels: lb.labels, count: im.count, rows: im.rows, cols: im.cols };
}
