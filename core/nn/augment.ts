/**
 * Data augmentation by small translations: an image (side x side, row-major) moved by (dx, dy)
 * pixels, the uncovered border filled with 0 (background). out[y, x] = src[y - dy, x - dx].
 */
type Pixels = Uint8Array | Float32Array | Float64Array;

export function shiftImage(
  src: Pixels,
  srcOffset: number,
  out: Pixels,
  outOffset: number,
  dx: number,
  dy: number,
  side = 28,
): void {
  for (let y = 0; y < side; y++) {
    const sy = y - dy;
    const o = outOffset + y * side;
    if (sy < 0 || sy >= side) {
      out.fill(0, o, o + side);
      continue;
    }
    const s = srcOffset + sy * side;
    for (let x = 0; x < side; x++) {
      const sx = x - dx;
      out[o + x] = sx >= 0 && sx < side ? src[s + sx] : 0;
    }
  }
}
