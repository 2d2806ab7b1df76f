import { rangeErrorIn } from "../i18n";
/**
 * A batch of input rows in compressed-sparse-row form: for row r, the nonzero pixels are
 * indices[indptr[r] .. indptr[r+1]) with values values[...]. About 80% of MNIST pixels are
 * zero, so the first layer (x W1) and its weight gradient (x^T dA1) only touch ~20% of W1.
 *
 * Inputs come as float rows (values used as given, normally 0..1) or as uint8 rows (0..255),
 * scaled as the book's load_mnist(normalize=True): float32(p) / 255 in float32, so the binary
 * predict route needs no intermediate float array.
 */

/** A dense batch: `rows` rows of `cols` values, row-major. */
export interface Batch {
  data: Float32Array | Float64Array | Uint8Array;
  rows: number;
  cols: number;
}

export interface SparseRows {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/** float32(p) / 255 for every uint8 p, exactly numpy's `x.astype(np.float32) / 255.0`. */
export const U8_SCALE: Float32Array = (() => {
  const t = new Float32Array(256);
  for (let p = 0; p < 256; p++) t[p] = p / 255; // p/255 in float64 rounded once to float32 is the float32 quotient
  return t;
})();

export function checkBatch(fn: string, x: Batch, cols: number): void {
  if (!Number.isInteger(x.rows) || x.rows < 0 || x.cols !== cols || x.data.length !== x.rows * x.cols) {
    throw rangeErrorIn(fn, "nn.batch-cols", { n: x.data.length, rows: x.rows, cols: x.cols, expected: cols });
  }
}

function grow(sp: SparseRows, need: number): void {
  if (sp.indices.length >= need) return;
  const cap = Math.max(need, sp.indices.length * 2);
  const indices = new Int32Array(cap);
  const values = new Float32Array(cap);
  indices.set(sp.indices);
  values.set(sp.values);
  sp.indices = indices;
  sp.values = values;
}

export function emptySparseRows(cols: number, rowCapacity = 0, nnzCapacity = rowCapacity * 200): SparseRows {
  return {
    rows: 0,
    cols,
    indptr: new Int32Array(rowCapacity + 1),
    indices: new Int32Array(nnzCapacity),
    values: new Float32Array(nnzCapacity),
  };
}

/**
 * Fills `out` (reusing its buffers, growing them if needed) with the nonzeros of the selected rows
 * of `x`: rows `select[0..count)` if given (a mini-batch gathered without copying), else all rows.
 */
export function toSparseRows(
  x: Batch,
  out: SparseRows = emptySparseRows(x.cols),
  select?: ArrayLike<number>,
  count = select ? select.length : x.rows,
): SparseRows {
  const cols = x.cols;
  if (out.indptr.length < count + 1) out.indptr = new Int32Array(count + 1);
  out.rows = count;
  out.cols = cols;
  const data = x.data;
  const isU8 = data instanceof Uint8Array;
  // Word view when rows start on 4-byte boundaries (cols % 4 == 0, aligned buffer offset), as MNIST's 784.
  const words =
    isU8 && cols % 4 === 0 && data.byteOffset % 4 === 0
      ? new Uint32Array(data.buffer, data.byteOffset, data.length >>> 2)
      : null;
  let nnz = 0;
  out.indptr[0] = 0;
  for (let r = 0; r < count; r++) {
    const src = select ? select[r] : r;
    if (src < 0 || src >= x.rows) throw new RangeError(`toSparseRows: row ${src} out of range for ${x.rows} rows`);
    grow(out, nnz + cols);
    const indices = out.indices;
    const values = out.values;
    const base = src * cols;
    if (words !== null) {
      // uint8 rows read 4 pixels at a time: most words are all-zero background and are skipped whole.
      const w0 = base >>> 2;
      for (let w = 0; w < cols >>> 2; w++) {
        if (words[w0 + w] === 0) continue;
        const p0 = w << 2;
        for (let p = p0; p < p0 + 4; p++) {
          const v = data[base + p];
          if (v !== 0) {
            indices[nnz] = p;
            values[nnz++] = U8_SCALE[v];
          }
        }
      }
    } else if (isU8) {
      for (let p = 0; p < cols; p++) {
        const v = data[base + p];
        if (v !== 0) {
          indices[nnz] = p;
          values[nnz++] = U8_SCALE[v];
        }
      }
    } else {
      for (let p = 0; p < cols; p++) {
        const v = data[base + p];
        if (v !== 0) {
          indices[nnz] = p;
          values[nnz++] = v;
        }
      }
    }
    out.indptr[r + 1] = nnz;
  }
  return out;
}
