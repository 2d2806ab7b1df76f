/**
 * Any image of a digit -> 28x28 uint8 like an MNIST digit (white ink, value 255, on black 0),
 * following MNIST's own recipe (LeCun et al.): fit the digit into a 20x20 box preserving its
 * aspect ratio, then place it in a 28x28 field so that its centre of mass is at the centre.
 *
 *   1. gray  g = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601), after compositing any alpha over
 *            white (how a browser shows a transparent PNG): c' = c a/255 + 255 (1 - a/255)
 *   2. ink   if the mean of the border pixels is > 127.5 (light background) ink = 255 - g,
 *            else ink = g; ink below INK_THRESHOLD (10%) is background and set to 0
 *   3. crop  to the bounding box of the remaining ink (an image without ink gives all zeros)
 *   4. scale by 20 / max(h, w) to nh x nw = max(1, floor(h 20/m + 0.5)) x ...: each output pixel
 *            is the area-weighted mean of the source pixels it covers (box filter)
 *   5. place with the (integer-rounded) shift that brings the centre of mass to 13.5, 13.5,
 *            clamped so the whole box stays in the field; values rounded (floor(v + 0.5))
 *
 * Every step is float64 arithmetic in a fixed order, mirrored loop for loop by
 * fixtures/generate_formats.py, so the TypeScript and numpy results are identical.
 */
import type { Image } from "../io/png";

export const MNIST_SIDE = 28;
export const MNIST_BOX = 20;
export const INK_THRESHOLD = 25.5;

/** Gray levels (float64, 0..255) of an image, alpha composited over white. */
export function toGray(image: Image): Float64Array {
  const { width, height, channels, data } = image;
  const n = width * height;
  if (data.length !== n * channels) {
    throw new RangeError(`toGray: ${data.length} samples for ${width}x${height}x${channels}`);
  }
  const gray = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * channels;
    if (channels <= 2) {
      const g = data[o];
      gray[i] = channels === 2 ? over(g, data[o + 1]) : g;
    } else {
      let r = data[o],
        g = data[o + 1],
        b = data[o + 2];
      if (channels === 4) {
        const a = data[o + 3];
        r = over(r, a);
        g = over(g, a);
        b = over(b, a);
      }
      gray[i] = 0.299 * r + 0.587 * g + 0.114 * b;
    }
  }
  return gray;
}

function over(c: number, a: number): number {
  return (c * a) / 255 + 255 * (1 - a / 255);
}

/** Ink (0 = background) from gray levels: inverted when the border is light, faint ink zeroed. */
export function toInk(gray: Float64Array, width: number, height: number): Float64Array {
  let sum = 0;
  let count = 0;
  for (let x = 0; x < width; x++) {
    sum += gray[x];
    count++;
    if (height > 1) {
      sum += gray[(height - 1) * width + x];
      count++;
    }
  }
  for (let y = 1; y < height - 1; y++) {
    sum += gray[y * width];
    count++;
    if (width > 1) {
      sum += gray[y * width + width - 1];
      count++;
    }
  }
  const invert = sum / count > 127.5;
  const ink = new Float64Array(gray.length);
  for (let i = 0; i < gray.length; i++) {
    const v = invert ? 255 - gray[i] : gray[i];
    ink[i] = v < INK_THRESHOLD ? 0 : v;
  }
  return ink;
}

/** The 28x28 MNIST-style digit (uint8, 0..255) of any image. */
export function mnistPreprocess(image: Image): Uint8Array {
  const { width, height } = image;
  const ink = toInk(toGray(image), width, height);
  // 3. bounding box
  let top = height,
    bottom = -1,
    left = width,
    right = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] > 0) {
        if (y < top) top = y;
        if (y > bottom) bottom = y;
        if (x < left) left = x;
        if (x > right) right = x;
      }
    }
  }
  const out = new Uint8Array(MNIST_SIDE * MNIST_SIDE);
  if (bottom < 0) return out;
  const h = bottom - top + 1;
  const w = right - left + 1;
  // 4. area-average resize of the box to fit MNIST_BOX
  const m = Math.max(h, w);
  const nh = Math.max(1, Math.floor((h * MNIST_BOX) / m + 0.5));
  const nw = Math.max(1, Math.floor((w * MNIST_BOX) / m + 0.5));
  const small = new Float64Array(nh * nw);
  for (let oy = 0; oy < nh; oy++) {
    const y0 = (oy * h) / nh;
    const y1 = ((oy + 1) * h) / nh;
    for (let ox = 0; ox < nw; ox++) {
      const x0 = (ox * w) / nw;
      const x1 = ((ox + 1) * w) / nw;
      let acc = 0;
      for (let sy = Math.floor(y0); sy < Math.ceil(y1); sy++) {
        const wy = Math.min(y1, sy + 1) - Math.max(y0, sy);
        for (let sx = Math.floor(x0); sx < Math.ceil(x1); sx++) {
          const wx = Math.min(x1, sx + 1) - Math.max(x0, sx);
          acc += wy * wx * ink[(top + sy) * width + left + sx];
        }
      }
      small[oy * nw + ox] = acc / ((y1 - y0) * (x1 - x0));
    }
  }
  // 5. centre of mass to the field's centre
  let mass = 0,
    my = 0,
    mx = 0;
  for (let y = 0; y < nh; y++) {
    for (let x = 0; x < nw; x++) {
      const v = small[y * nw + x];
      mass += v;
      my += y * v;
      mx += x * v;
    }
  }
  const centre = (MNIST_SIDE - 1) / 2;
  const clamp = (v: number, hi: number): number => Math.min(Math.max(v, 0), hi);
  const dy = clamp(Math.floor(centre - my / mass + 0.5), MNIST_SIDE - nh);
  const dx = clamp(Math.floor(centre - mx / mass + 0.5), MNIST_SIDE - nw);
  for (let y = 0; y < nh; y++) {
    for (let x = 0; x < nw; x++) {
      out[(y + dy) * MNIST_SIDE + x + dx] = Math.min(255, Math.floor(small[y * nw + x] + 0.5));
    }
  }
  return out;
}
