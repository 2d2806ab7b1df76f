// Panel 3: f's curve and the tangent at x whose slope is the API's numerical derivative (the
// book's figure 4-7). The curve itself is sampled in the browser with core/expr, bundled.
import { latest, messageOf, postJson } from "../api.js";
import { compileScalar, parseExpression } from "../core.bundle.js";
import { byId } from "../dom.js";
import { axes, clipTo, fmt, linear, onPointerDrag, points, svgEl, svgPoint } from "../svg.js";

const SAMPLES = 400;

export function initDerivative() {
  const svg = byId("diff-plot", SVGSVGElement);
  const fInput = byId("diff-f", HTMLInputElement);
  const xInput = byId("diff-x", HTMLInputElement);
  const xOut = byId("diff-x-out", HTMLOutputElement);
  const fromInput = byId("diff-from", HTMLInputElement);
  const toInput = byId("diff-to", HTMLInputElement);
  const out = byId("diff-out", HTMLOutputElement);
  const error = byId("diff-error");
  const area = { left: 78, top: 16, width: 540, height: 318 };

  /** @type {((x: number) => number) | null} the browser's evaluator, for the picture */
  let f = null;
  /** @type {{ lo: number, hi: number, xs: number[], ys: number[], yLo: number, yHi: number } | null} */
  let curve = null;
  /** @type {{ source: string, x: number, value: number, exact?: number } | null} from the API */
  let slope = null;

  /** @param {string | null} message */
  const showError = (message) => {
    error.hidden = !message;
    error.textContent = message ?? "";
  };

  const diff = latest(
    /** @param {string} source @param {number} x */
    (source, x) => postJson("/v1/diff", { f: source, x }),
    (r, source, x) => {
      slope = { source, x, value: r.value, exact: r.exact };
      out.replaceChildren();
      const strong = document.createElement("strong");
      strong.textContent = String(r.value);
      out.append(`numerical_diff(f, ${x}) = `, strong);
      if (r.exact !== undefined)
        out.append(` · exact ${r.derivative ? `(${r.derivative})` : ""} = ${r.exact} · error ${fmt(r.error, 2)}`);
      showError(null);
      draw();
    },
    (err) => {
      slope = null;
      out.textContent = "…";
      showError(messageOf(err));
      draw();
    },
    out,
  );

  function range() {
    let lo = Number(fromInput.value),
      hi = Number(toInput.value);
    if (!Number.isFinite(lo)) lo = 0;
    if (!Number.isFinite(hi) || hi <= lo) hi = lo + 1;
    return [lo, hi];
  }

  function sample() {
    const [lo, hi] = range();
    curve = null;
    if (!f) return;
    const xs = [],
      ys = [];
    for (let i = 0; i <= SAMPLES; i++) {
      const x = lo + ((hi - lo) * i) / SAMPLES;
      let v;
      try {
        v = /** @type {(x: number) => number} */ (f)(x);
      } catch {
        v = NaN;
      }
      xs.push(x);
      ys.push(v);
    }
    const finite = ys.filter(Number.isFinite);
    if (!finite.length) return;
    let yLo = Math.min(...finite),
      yHi = Math.max(...finite);
    if (yHi - yLo < 1e-12) {
      yLo -= 1;
      yHi += 1;
    }
    const pad = (yHi - yLo) * 0.08;
    curve = { lo, hi, xs, ys, yLo: yLo - pad, yHi: yHi + pad };
  }

  function draw() {
    svg.replaceChildren();
    const [lo, hi] = range();
    const yLo = curve?.yLo ?? 0,
      yHi = curve?.yHi ?? 1;
    const sx = linear(lo, hi, area.left, area.left + area.width);
    const sy = linear(yLo, yHi, area.top + area.height, area.top);
    svg.append(axes(area, sx, sy, [lo, hi], [yLo, yHi], { xLabel: "x", yLabel: "f(x)" }));
    const clip = clipTo(svg, "diff-clip", area);
    if (!curve) return;
    const g = svgEl("g", { "clip-path": clip });
    g.append(
      svgEl("polyline", { id: "diff-curve", points: points(curve.xs.map(sx), curve.ys.map(sy)), class: "curve" }),
    );
    const a = Number(xInput.value);
    let fa = NaN;
    try {
      if (f) fa = f(a);
    } catch {
      // no point to draw
    }
    if (slope && slope.x === a && slope.source === fInput.value && Number.isFinite(fa)) {
      // the book's tangent_line: y = d·x + (f(a) − d·a)
      const d = slope.value;
      g.append(
        svgEl("line", {
          id: "diff-tangent",
          x1: sx(lo),
          y1: sy(fa + d * (lo - a)),
          x2: sx(hi),
          y2: sy(fa + d * (hi - a)),
          class: "tangent",
        }),
      );
    }
    svg.append(g);
    if (Number.isFinite(fa)) svg.append(svgEl("circle", { cx: sx(a), cy: sy(fa), r: 10, class: "handle" }));
    svg.setAttribute(
      "aria-label",
      `The curve of f(x) = ${fInput.value} from ${lo} to ${hi}, and its tangent at x = ${a}${slope ? ` with slope ${fmt(slope.value, 6)}` : ""}`,
    );
  }

  function setFunction() {
    try {
      f = compileScalar(parseExpression(fInput.value));
    } catch (err) {
      f = null; // the API's message, which names the column, is shown when its answer comes
    }
    sample();
  }

  function setX() {
    xOut.textContent = xInput.value;
    draw();
    diff(fInput.value, Number(xInput.value));
  }

  function setRange() {
    const [lo, hi] = range();
    xInput.min = String(lo);
    xInput.max = String(hi);
    xInput.step = String(+((hi - lo) / 200).toPrecision(2));
    sample();
    setX();
  }

  /** @param {PointerEvent} e */
  function dragTo(e) {
    const [lo, hi] = range();
    const sx = linear(lo, hi, area.left, area.left + area.width);
    const step = Number(xInput.step);
    const x = Math.min(hi, Math.max(lo, sx.invert(svgPoint(svg, e).x)));
    xInput.value = String(+(Math.round(x / step) * step).toPrecision(10));
    setX();
  }
  onPointerDrag(svg, dragTo);

  fInput.addEventListener("input", () => {
    setFunction();
    setX();
  });
  xInput.addEventListener("input", setX);
  fromInput.addEventListener("change", setRange);
  toInput.addEventListener("change", setRange);
  setFunction();
  setRange();
}
