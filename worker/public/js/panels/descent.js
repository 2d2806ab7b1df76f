// Panel 4: contours of f(x0, x1), the field of −∇f as arrows and the API's gradient-descent
// path; lr and steps as sliders, the book's lessons (lr = 10, lr = 1e-10) one click away.
// Contours and arrows are pictures sampled in the browser with core/expr (bundled); the path,
// the final point and the verdict are the API's /v1/descent answer.
import { latest, messageOf, postJson } from "../api.js";
import { clipSegment, contourSegments } from "../contour.js";
import { compileArray, parseExpression } from "../core.bundle.js";
import { byId } from "../dom.js";
import { t } from "../i18n.js";
import { axes, fmt, linear, onPointerDrag, svgEl, svgPoint } from "../svg.js";

const GRID = 81;
const ARROWS = 13;
const LEVELS = 12;

export function initDescent() {
  const svg = byId("descent-plot", SVGSVGElement);
  const fInput = byId("descent-f", HTMLInputElement);
  const lr = byId("lr", HTMLInputElement);
  const lrOut = byId("lr-out", HTMLOutputElement);
  const steps = byId("steps", HTMLInputElement);
  const stepsOut = byId("steps-out", HTMLOutputElement);
  const init0 = byId("init0", HTMLInputElement);
  const init1 = byId("init1", HTMLInputElement);
  const arrowsBox = byId("arrows", HTMLInputElement);
  const verdictOut = byId("descent-verdict", HTMLOutputElement);
  const message = byId("descent-message");
  const final = byId("descent-final");
  const error = byId("descent-error");
  const area = { left: 62, top: 14, width: 444, height: 444 };

  /** @type {((x: import("../../../../core/ndarray").NDArray) => number) | null} the browser's evaluator, for the picture */
  let f = null;
  /** @type {{ lo: number, hi: number, g: SVGElement } | null} contours and arrows for the current f and view */
  let field = null;
  /**
   * POST /v1/descent's answer with history (the generated client types say only "unknown" for its arrays).
   * @typedef {{ x: number[], history: number[][], value: number, converged: boolean, diverged: boolean, stalled: boolean, message: string }} Descent
   * @type {Descent | null}
   */
  let path = null;

  const lrValue = () => +(10 ** Number(lr.value)).toPrecision(2);
  const view = () => {
    const m = Math.max(Math.abs(Number(init0.value)) || 0, Math.abs(Number(init1.value)) || 0);
    const half = Math.max(5, Math.ceil(m * 1.25));
    return [-half, half];
  };

  const descend = latest(
    (/** @type {Record<string, unknown>} */ body) => postJson("/v1/descent", body),
    (/** @type {Descent} */ r) => {
      path = r;
      error.hidden = true;
      const word = r.diverged ? "diverged" : r.stalled ? "stalled" : r.converged ? "converged" : "descending";
      verdictOut.replaceChildren(
        Object.assign(document.createElement("span"), { className: word, textContent: t(`page.verdict.${word}`) }),
      );
      verdictOut.dataset.verdict = word;
      message.textContent = r.message;
      final.replaceChildren();
      const code = document.createElement("code");
      code.textContent = `x = [${r.x.map((v) => fmt(Number(v), 6)).join(", ")}]`;
      final.append(
        `${t("page.descent.after", { steps: r.history.length })} `,
        code,
        `, f(x) = ${fmt(Number(r.value), 6)}`,
      );
      const [lo, hi] = view();
      const outside = [...r.history, r.x].filter((p) => !p.every((v) => Number(v) >= lo && Number(v) <= hi)).length;
      if (outside) final.append(` ${t("page.descent.outside", { outside, total: r.history.length + 1 })}`);
      draw();
    },
    (err) => {
      path = null;
      error.hidden = false;
      error.textContent = messageOf(err);
      verdictOut.textContent = "…";
      message.textContent = "";
      final.textContent = "";
      draw();
    },
    verdictOut,
  );

  /** @param {number[]} view [lo, hi] */
  function background([lo, hi]) {
    const g = svgEl("g", { class: "field" });
    if (!f) return g;
    const sx = linear(lo, hi, area.left, area.left + area.width);
    const sy = linear(lo, hi, area.top + area.height, area.top);
    const xs = Array.from({ length: GRID }, (_, i) => lo + ((hi - lo) * i) / (GRID - 1));
    const values = new Float64Array(GRID * GRID);
    const x = { data: new Float64Array(2), shape: [2] };
    /** @param {number} a @param {number} b */
    const at = (a, b) => {
      x.data[0] = a;
      x.data[1] = b;
      try {
        return /** @type {NonNullable<typeof f>} */ (f)(x);
      } catch {
        return NaN;
      }
    };
    for (let j = 0; j < GRID; j++) for (let i = 0; i < GRID; i++) values[j * GRID + i] = at(xs[i], xs[j]);
    // levels at quantiles of the sampled values, denser near the minimum
    const sorted = Array.from(values)
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    if (sorted.length) {
      for (let l = 1; l <= LEVELS; l++) {
        const level = sorted[Math.floor((l / (LEVELS + 1)) ** 2 * (sorted.length - 1))];
        const d = contourSegments(values, xs, xs, level)
          .map(([a, b, c, e]) => `M${sx(a).toFixed(1)} ${sy(b).toFixed(1)}L${sx(c).toFixed(1)} ${sy(e).toFixed(1)}`)
          .join("");
        const shade = Math.round(40 + (150 * l) / LEVELS);
        if (d)
          g.append(svgEl("path", { d, class: "contour", stroke: `rgb(${shade}, ${shade}, 255)`, "data-level": level }));
      }
    }
    if (arrowsBox.checked) {
      // −∇f by central differences (the book's numerical_gradient, h = 1e-4), drawn as a quiver
      const h = 1e-4,
        cells = [];
      let longest = 0;
      for (let j = 0; j < ARROWS; j++) {
        for (let i = 0; i < ARROWS; i++) {
          const a = lo + ((hi - lo) * (i + 0.5)) / ARROWS,
            b = lo + ((hi - lo) * (j + 0.5)) / ARROWS;
          const g0 = (at(a + h, b) - at(a - h, b)) / (2 * h),
            g1 = (at(a, b + h) - at(a, b - h)) / (2 * h);
          if (!Number.isFinite(g0) || !Number.isFinite(g1)) continue;
          cells.push([a, b, -g0, -g1]);
          longest = Math.max(longest, Math.hypot(g0, g1));
        }
      }
      const maxLen = (area.width / ARROWS) * 0.9;
      const arrows = svgEl("g", { id: "descent-arrows" });
      for (const [a, b, u, v] of cells) {
        const n = Math.hypot(u, v);
        const len = longest > 0 ? (maxLen * n) / longest : 0;
        if (len < 3) continue;
        const x0 = sx(a),
          y0 = sy(b),
          dx = (u / n) * len,
          dy = (-v / n) * len;
        const x1 = x0 + dx,
          y1 = y0 + dy;
        const hx = (dx / len) * 7,
          hy = (dy / len) * 7;
        arrows.append(svgEl("line", { x1: x0, y1: y0, x2: x1 - hx * 0.6, y2: y1 - hy * 0.6, class: "arrow" }));
        arrows.append(
          svgEl("path", {
            d: `M${x1} ${y1}L${x1 - hx - hy * 0.6} ${y1 - hy + hx * 0.6}L${x1 - hx + hy * 0.6} ${y1 - hy - hx * 0.6}Z`,
            class: "arrow-head",
          }),
        );
      }
      g.append(arrows);
    }
    return g;
  }

  function draw() {
    const [lo, hi] = view();
    if (!field || field.lo !== lo || field.hi !== hi) field = { lo, hi, g: background([lo, hi]) };
    const sx = linear(lo, hi, area.left, area.left + area.width);
    const sy = linear(lo, hi, area.top + area.height, area.top);
    svg.replaceChildren(axes(area, sx, sy, [lo, hi], [lo, hi], { xLabel: "x[0]", yLabel: "x[1]" }), field.g);
    if (path?.history) {
      const pts = [...path.history, path.x].map((p) => p.map(Number));
      let d = "";
      const dots = svgEl("g", { id: "descent-dots" });
      let inside = 0;
      for (let i = 0; i < pts.length; i++) {
        const [a, b] = pts[i];
        if (a >= lo && a <= hi && b >= lo && b <= hi) {
          inside++;
          dots.append(svgEl("circle", { cx: sx(a).toFixed(1), cy: sy(b).toFixed(1), r: 4.5, class: "path-dot" }));
        }
        if (i > 0) {
          const seg = clipSegment(pts[i - 1][0], pts[i - 1][1], a, b, lo, hi, lo, hi);
          if (seg)
            d += `M${sx(seg[0]).toFixed(1)} ${sy(seg[1]).toFixed(1)}L${sx(seg[2]).toFixed(1)} ${sy(seg[3]).toFixed(1)}`;
        }
      }
      svg.append(svgEl("path", { id: "descent-path", d, class: "path-line" }), dots);
      svg.setAttribute(
        "aria-label",
        `Contours of f(x) = ${fInput.value}; descent path of ${pts.length - 1} steps from (${pts[0].join(", ")}) with lr = ${lrValue()}, ${inside} of its points inside the picture; ${verdictOut.textContent}`,
      );
    }
    const s0 = Number(init0.value),
      s1 = Number(init1.value);
    if (Number.isFinite(s0) && Number.isFinite(s1))
      svg.append(svgEl("circle", { cx: sx(s0), cy: sy(s1), r: 9, class: "start-dot" }));
  }

  function run() {
    lrOut.textContent = String(lrValue());
    lr.setAttribute("aria-valuetext", `lr = ${lrValue()}`);
    stepsOut.textContent = steps.value;
    draw();
    descend({
      f: fInput.value,
      init_x: [Number(init0.value), Number(init1.value)],
      lr: lrValue(),
      step_num: Number(steps.value),
      history: true,
    });
  }

  function setFunction() {
    try {
      f = compileArray(parseExpression(fInput.value));
    } catch {
      f = null; // the API's answer names the error
    }
    field = null;
  }

  /** @param {PointerEvent} e */
  function dragTo(e) {
    const [lo, hi] = view();
    const p = svgPoint(svg, e);
    const a = linear(lo, hi, area.left, area.left + area.width).invert(p.x);
    const b = linear(lo, hi, area.top + area.height, area.top).invert(p.y);
    init0.value = String(+Math.min(hi, Math.max(lo, a)).toFixed(2));
    init1.value = String(+Math.min(hi, Math.max(lo, b)).toFixed(2));
    run();
  }
  onPointerDrag(svg, dragTo);

  const preset = (/** @type {number} */ exponent, /** @type {number} */ n) => () => {
    lr.value = String(exponent);
    steps.value = String(n);
    init0.value = "-3";
    init1.value = "4";
    run();
  };
  // the book's three runs: gradient_descent(f, init_x=[-3.0, 4.0], lr=..., step_num=100)
  byId("lr-book", HTMLButtonElement).addEventListener("click", preset(-1, 100));
  byId("lr-big", HTMLButtonElement).addEventListener("click", preset(1, 100));
  byId("lr-small", HTMLButtonElement).addEventListener("click", preset(-10, 100));
  fInput.addEventListener("input", () => {
    setFunction();
    run();
  });
  for (const el of [lr, steps]) el.addEventListener("input", run);
  for (const el of [init0, init1]) el.addEventListener("change", run);
  arrowsBox.addEventListener("change", () => {
    field = null;
    draw();
  });
  setFunction();
  run();
}
