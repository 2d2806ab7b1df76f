// One learning rate's gradient descent for the projector: contours of f, the API's path drawn
// step by step at the lecture pace, thick enough to read from the back of the room.

import { clipSegment, contourSegments } from "../contour.js";
import { compileArray, parseExpression } from "../core.bundle.js";
import { t } from "../i18n.js";
import { axes, linear, svgEl } from "../svg.js";

const SIZE = 420;
const AREA = { left: 70, top: 12, width: SIZE - 82, height: SIZE - 82 };
const GRID = 61;

/**
 * The contours of f over [lo, hi]^2 as one <g>, drawn once per panel.
 * @param {string} fText @param {number} lo @param {number} hi
 * @param {(v: number) => number} sx @param {(v: number) => number} sy
 */
function field(fText, lo, hi, sx, sy) {
  const f = compileArray(parseExpression(fText));
  const xs = Array.from({ length: GRID }, (_, i) => lo + ((hi - lo) * i) / (GRID - 1));
  const values = new Float64Array(GRID * GRID);
  const x = { data: new Float64Array(2), shape: [2] };
  for (let j = 0; j < GRID; j++) {
    for (let i = 0; i < GRID; i++) {
      x.data[0] = xs[i];
      x.data[1] = xs[j];
      values[j * GRID + i] = f(x);
    }
  }
  const g = svgEl("g", { class: "field" });
  const sorted = Array.from(values).sort((a, b) => a - b);
  for (let l = 1; l <= 8; l++) {
    const level = sorted[Math.floor((l / 9) ** 2 * (sorted.length - 1))];
    const d = contourSegments(values, xs, xs, level)
      .map(([a, b, c, e]) => `M${sx(a).toFixed(1)} ${sy(b).toFixed(1)}L${sx(c).toFixed(1)} ${sy(e).toFixed(1)}`)
      .join("");
    if (d) g.append(svgEl("path", { d, class: "contour" }));
  }
  return g;
}

/**
 * A panel for one descent answer r (POST /v1/descent with history): returns {element, show(k)}
 * where show(k) draws the first k steps.
 * @param {{ fText: string, lr: number, votes: number, r: { x: number[], history: number[][], diverged?: boolean, stalled?: boolean, converged?: boolean }, lo?: number, hi?: number }} options
 */
export function descentPanel({ fText, lr, votes, r, lo = -5, hi = 5 }) {
  const figure = document.createElement("figure");
  figure.className = "descent";
  const word = r.diverged ? "diverged" : r.stalled ? "stalled" : r.converged ? "converged" : "still descending";
  const said = t(`page.verdict.${word === "still descending" ? "descending" : word}`);
  figure.dataset.lr = String(lr);
  const svg = svgEl("svg", {
    viewBox: `0 0 ${SIZE} ${SIZE}`,
    role: "img",
    "aria-label": t("projector.descent-label", { lr }),
  });
  const sx = linear(lo, hi, AREA.left, AREA.left + AREA.width);
  const sy = linear(lo, hi, AREA.top + AREA.height, AREA.top);
  svg.append(
    axes(AREA, sx, sy, [lo, hi], [lo, hi], { xLabel: "x[0]", yLabel: "x[1]", xTicks: 2, yTicks: 2 }),
    field(fText, lo, hi, sx, sy),
  );
  const path = svgEl("path", { class: "path-line" });
  const dots = svgEl("g", { class: "path-dots" });
  svg.append(
    path,
    dots,
    svgEl("circle", { cx: sx(r.history[0][0]), cy: sy(r.history[0][1]), r: 10, class: "start-dot" }),
  );
  const caption = document.createElement("figcaption");
  const title = Object.assign(document.createElement("strong"), { textContent: `lr = ${lr}` });
  const verdict = Object.assign(document.createElement("span"), { className: "verdict" });
  caption.append(
    title,
    ` · ${votes === 1 ? t("projector.votes-one") : t("projector.votes", { n: votes })} · `,
    verdict,
  );
  figure.append(svg, caption);
  const pts = [...r.history, r.x].map((p) => p.map(Number));
  const total = pts.length - 1;
  const inside = (/** @type {number[]} */ [a, b]) => a >= lo && a <= hi && b >= lo && b <= hi;

  /** @param {number} k */
  function show(k) {
    k = Math.min(k, total);
    let d = "";
    const circles = [];
    for (let i = 0; i <= k; i++) {
      if (inside(pts[i]))
        circles.push(svgEl("circle", { cx: sx(pts[i][0]).toFixed(1), cy: sy(pts[i][1]).toFixed(1), r: 6 }));
      if (i > 0) {
        const s = clipSegment(pts[i - 1][0], pts[i - 1][1], pts[i][0], pts[i][1], lo, hi, lo, hi);
        if (s) d += `M${sx(s[0]).toFixed(1)} ${sy(s[1]).toFixed(1)}L${sx(s[2]).toFixed(1)} ${sy(s[3]).toFixed(1)}`;
      }
    }
    path.setAttribute("d", d);
    dots.replaceChildren(...circles);
    figure.dataset.steps = String(k);
    verdict.textContent = k < total ? t("projector.descent-step", { step: k, total }) : said;
    figure.dataset.verdict = k < total ? "running" : word.replace(" ", "-");
    return k >= total;
  }
  show(0);
  return { element: figure, show, total };
}
