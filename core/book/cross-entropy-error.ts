import { rangeErrorIn, text } from "../i18n";
import { type NDArray, sameShape, shapeString } from "../ndarray";
import { sum } from "./sum";

/**
 * True when t holds class labels for y rather than a one-hot (or soft) target of y's shape:
 * a 0-d label or a one-element vector for a vector y, a (batch,) vector for a (batch, n) y.
 * A t of y's own shape is always the one-hot form.
 */
export function isLabelTarget(y: NDArray, t: NDArray): boolean {
  if (sameShape(y.shape, t.shape)) return false;
  if (y.shape.length === 1) return t.shape.length === 0 || (t.shape.length === 1 && t.shape[0] === 1);
  if (y.shape.length === 2) return t.shape.length === 1 && t.shape[0] === y.shape[0];
  return false;
}

/**
 * The book's batch cross-entropy error (a vector y is a batch of one), divided by the batch size:
 *   one-hot t (y's shape):  -np.sum(t * np.log(y + delta)) / batch
 *   label t:                -np.sum(np.log(y[np.arange(batch), t] + delta)) / batch
 * delta keeps log away from log(0) = -inf. Labels must be integers in [0, n); numpy's negative
 * indices are refused. The sums are numpy's pairwise sum; Math.log is V8's (fdlibm) log, which can
 * differ from numpy's log in the last bit, so results agree with numpy to ~1e-15 relative.
 */
/** The book's delta: 1e-7 inside the log. */
export const CEE_DELTA = 1e-7;

export function crossEntropyError(y: NDArray, t: NDArray, delta = CEE_DELTA): number {
  const rank = y.shape.length;
  if (rank < 1 || rank > 2) {
    throw rangeErrorIn("crossEntropyError", "book.y-rank", { shape: shapeString(y.shape) });
  }
  const batch = rank === 1 ? 1 : y.shape[0];
  const n = y.shape[rank - 1];
  if (batch === 0) {
    throw rangeErrorIn("crossEntropyError", "book.empty-batch", { shape: shapeString(y.shape) });
  }
  if (sameShape(y.shape, t.shape)) {
    const terms = new Float64Array(y.data.length);
    for (let i = 0; i < terms.length; i++) terms[i] = t.data[i] * Math.log(y.data[i] + delta);
    return -sum(terms) / batch;
  }
  if (!isLabelTarget(y, t)) {
    const labels = rank === 1 ? text("book.one-label") : text("book.labels", { batch });
    throw rangeErrorIn("crossEntropyError", "book.t-target", {
      y: shapeString(y.shape),
      labels,
      t: shapeString(t.shape),
    });
  }
  const picked = new Float64Array(batch);
  for (let r = 0; r < batch; r++) {
    const label = t.data[r];
    if (!Number.isInteger(label) || label < 0 || label >= n) {
      throw rangeErrorIn("crossEntropyError", "book.label-range", { label, index: r, n, shape: shapeString(y.shape) });
    }
    picked[r] = Math.log(y.data[r * n + label] + delta);
  }
  return -sum(picked) / batch;
}
