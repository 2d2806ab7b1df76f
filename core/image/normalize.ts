/**
 * The book's load_mnist(normalize=True, one_hot_label=...): pixels as float32 p / 255
 * (dataset/mnist.py: `img.astype(np.float32); img /= 255.0`), and labels as one-hot rows.
 */
import { U8_SCALE } from "../nn/sparse-rows";

/** float32(p) / 255 in float32 for every pixel, bit-equal to numpy's. */
export function normalize(images: Uint8Array): Float32Array {
  const out = new Float32Array(images.length);
  for (let i = 0; i < images.length; i++) out[i] = U8_SCALE[images[i]];
  return out;
}

/** _change_one_hot_label: (count x classes) float32 with a 1 at each label. */
export function oneHot(labels: ArrayLike<number>, classes = 10): Float32Array {
  const out = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i];
    if (!Number.isInteger(t) || t < 0 || t >= classes) throw new RangeError(`oneHot: label ${t} at ${i} is not in [0, ${classes})`);
    out[i * classes + t] = 1;
  }
  return out;
}
