// Hand-made SVG charts: a few helpers, no library.
const NS = "http://www.w3.org/2000/svg";

/** A plot area in the SVG's own coordinates. @typedef {{ left: number, top: number, width: number, height: number }} Area */
/** A linear scale with its inverse (linear()). @typedef {((v: number) => number) & { invert: (p: number) => number }} Scale */

/**
 * An SVG element with attributes (and optional text content).
 * @param {string} name
 * @param {Record<string, string | number | boolean | null | undefined>} [attrs]
 * @param {string} [text]
 * @returns {SVGElement}
 */
export function svgEl(name, attrs = {}, text) {
  const el = /** @type {SVGElement} */ (document.createElementNS(NS, name));
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/**
 * Linear map from [d0, d1] to [r0, r1], with its inverse.
 * @param {number} d0 @param {number} d1 @param {number} r0 @param {number} r1
 * @returns {Scale}
 */
export function linear(d0, d1, r0, r1) {
  const k = (r1 - r0) / (d1 - d0 || 1);
  /** @param {number} v */
  const f = (v) => r0 + (v - d0) * k;
  /** @param {number} p */
  f.invert = (p) => d0 + (p - r0) / k;
  return f;
}

/**
 * About n "nice" tick values covering [lo, hi] (1, 2, 5 x 10^k steps).
 * @param {number} lo @param {number} hi @param {number} [n]
 */
export function ticks(lo, hi, n = 5) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    out.push(Math.abs(v) < step * 1e-9 ? 0 : +v.toPrecision(12));
  return out;
}

/**
 * Short human form of a number for axes and labels.
 * @param {number} v @param {number} [digits]
 */
export function fmt(v, digits = 3) {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(Math.max(0, digits - 1)).replace("e+", "e");
  return String(+v.toPrecision(digits));
}

/**
 * Axes with ticks and grid lines for a plot area {left, top, width, height} and scales sx, sy.
 * Returns a <g>.
 * @param {Area} area
 * @param {((v: number) => number) | null} sx  null: no x ticks (xTicks 0)
 * @param {(v: number) => number} sy
 * @param {number[]} xDomain
 * @param {number[]} yDomain
 * @param {{ xLabel?: string, yLabel?: string, xTicks?: number, yTicks?: number }} [options]
 */
export function axes(area, sx, sy, xDomain, yDomain, { xLabel, yLabel, xTicks = 5, yTicks = 5 } = {}) {
  const g = svgEl("g", { class: "axes" });
  const bottom = area.top + area.height;
  const right = area.left + area.width;
  for (const t of xTicks ? ticks(xDomain[0], xDomain[1], xTicks) : []) {
    if (!sx) break;
    const x = sx(t);
    g.append(svgEl("line", { x1: x, x2: x, y1: area.top, y2: bottom, class: "grid" }));
    g.append(svgEl("text", { x, y: bottom + 22, "text-anchor": "middle", class: "tick" }, fmt(t)));
  }
  for (const t of yTicks ? ticks(yDomain[0], yDomain[1], yTicks) : []) {
    const y = sy(t);
    g.append(svgEl("line", { x1: area.left, x2: right, y1: y, y2: y, class: "grid" }));
    g.append(svgEl("text", { x: area.left - 6, y: y + 5, "text-anchor": "end", class: "tick" }, fmt(t)));
  }
  g.append(svgEl("rect", { x: area.left, y: area.top, width: area.width, height: area.height, class: "frame" }));
  if (xLabel)
    g.append(
      svgEl(
        "text",
        { x: area.left + area.width / 2, y: bottom + 46, "text-anchor": "middle", class: "axis-label" },
        xLabel,
      ),
    );
  if (yLabel) {
    g.append(
      svgEl(
        "text",
        {
          x: 0,
          y: 0,
          transform: `translate(${Math.max(12, area.left - 46)} ${area.top + area.height / 2}) rotate(-90)`,
          "text-anchor": "middle",
          "dominant-baseline": "central",
          class: "axis-label",
        },
        yLabel,
      ),
    );
  }
  return g;
}

/**
 * "x,y x,y ..." for a polyline, skipping non-finite points.
 * @param {ArrayLike<number>} xs @param {ArrayLike<number>} ys
 */
export function points(xs, ys) {
  const out = [];
  for (let i = 0; i < xs.length; i++)
    if (Number.isFinite(xs[i]) && Number.isFinite(ys[i])) out.push(`${xs[i].toFixed(2)},${ys[i].toFixed(2)}`);
  return out.join(" ");
}

/**
 * Pointer position in the SVG's own (viewBox) coordinates.
 * @param {SVGSVGElement} svg @param {{ clientX: number, clientY: number }} event
 */
export function svgPoint(svg, event) {
  const m = svg.getScreenCTM();
  if (!m) return { x: 0, y: 0 };
  const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(m.inverse());
  return { x: p.x, y: p.y };
}

/**
 * Calls onDrag(event) on press and while the pointer (mouse, pen or finger) stays pressed on el.
 * @param {Element} el @param {(e: PointerEvent) => void} onDrag
 */
export function onPointerDrag(el, onDrag) {
  let dragging = false;
  // Element's own event map has no pointer events (they are declared on HTMLElement and SVGElement).
  const pointer = (/** @type {Event} */ e) => /** @type {PointerEvent} */ (e);
  el.addEventListener("pointerdown", (e) => {
    dragging = true;
    el.setPointerCapture(pointer(e).pointerId);
    onDrag(pointer(e));
  });
  el.addEventListener("pointermove", (e) => dragging && onDrag(pointer(e)));
  el.addEventListener("pointerup", () => (dragging = false));
  el.addEventListener("pointercancel", () => (dragging = false));
}

/**
 * A clip path (for plot areas) appended to svg; returns its url(#id).
 * @param {SVGSVGElement} svg @param {string} id @param {Area} area
 */
export function clipTo(svg, id, area) {
  const defs = svg.querySelector("defs") ?? svg.insertBefore(svgEl("defs"), svg.firstChild);
  const clip = svgEl("clipPath", { id });
  clip.append(svgEl("rect", { x: area.left, y: area.top, width: area.width, height: area.height }));
  defs.append(clip);
  return `url(#${id})`;
}
