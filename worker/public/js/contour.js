// Contour lines by marching squares over a grid of samples, and segment clipping — the
// picture part of the descent panel, computed in the browser.

/**
 * Segments of the level set f = level on a grid: values[j * nx + i] is f at (xs[i], ys[j]).
 * Returns [x1, y1, x2, y2] in data coordinates.
 * @param {ArrayLike<number>} values @param {ArrayLike<number>} xs @param {ArrayLike<number>} ys @param {number} level
 * @returns {number[][]}
 */
export function contourSegments(values, xs, ys, level) {
  const nx = xs.length,
    ny = ys.length;
  const out = [];
  /** @param {number} a @param {number} b @param {number} va @param {number} vb */
  const lerp = (a, b, va, vb) => a + ((level - va) / (vb - va)) * (b - a);
  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      const v0 = values[j * nx + i],
        v1 = values[j * nx + i + 1];
      const v2 = values[(j + 1) * nx + i + 1],
        v3 = values[(j + 1) * nx + i];
      if (![v0, v1, v2, v3].every(Number.isFinite)) continue;
      const c = (v0 > level ? 1 : 0) | (v1 > level ? 2 : 0) | (v2 > level ? 4 : 0) | (v3 > level ? 8 : 0);
      if (c === 0 || c === 15) continue;
      const x0 = xs[i],
        x1 = xs[i + 1],
        y0 = ys[j],
        y1 = ys[j + 1];
      // crossing points on the four edges: bottom (0-1), right (1-2), top (3-2), left (0-3)
      /** @type {Record<string, () => number[]>} */
      const e = {
        b: () => [lerp(x0, x1, v0, v1), y0],
        r: () => [x1, lerp(y0, y1, v1, v2)],
        t: () => [lerp(x0, x1, v3, v2), y1],
        l: () => [x0, lerp(y0, y1, v0, v3)],
      };
      const centreAbove = (v0 + v1 + v2 + v3) / 4 > level;
      /** @type {Record<number, string[]>} */
      const table = {
        1: ["lb"],
        2: ["br"],
        3: ["lr"],
        4: ["rt"],
        6: ["bt"],
        7: ["lt"],
        8: ["lt"],
        9: ["bt"],
        11: ["rt"],
        12: ["lr"],
        13: ["br"],
        14: ["lb"],
        5: centreAbove ? ["lt", "br"] : ["lb", "rt"],
        10: centreAbove ? ["lb", "rt"] : ["lt", "br"],
      };
      for (const [a, b] of table[c]) out.push([...e[a](), ...e[b]()]);
    }
  }
  return out;
}

/**
 * The part of segment (x1, y1)-(x2, y2) inside [xmin, xmax] x [ymin, ymax] (Liang-Barsky), or null.
 * @param {number} x1 @param {number} y1 @param {number} x2 @param {number} y2
 * @param {number} xmin @param {number} xmax @param {number} ymin @param {number} ymax
 * @returns {number[] | null}
 */
export function clipSegment(x1, y1, x2, y2, xmin, xmax, ymin, ymax) {
  const dx = x2 - x1,
    dy = y2 - y1;
  let t0 = 0,
    t1 = 1;
  const edges = [
    [-dx, x1 - xmin],
    [dx, xmax - x1],
    [-dy, y1 - ymin],
    [dy, ymax - y1],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
    } else {
      const r = q / p;
      if (p < 0) {
        if (r > t1) return null;
        if (r > t0) t0 = r;
      } else {
        if (r < t0) return null;
        if (r < t1) t1 = r;
      }
    }
  }
  return [x1 + t0 * dx, y1 + t0 * dy, x1 + t1 * dx, y1 + t1 * dy];
}
