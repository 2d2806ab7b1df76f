// Panel 2: two guesses at a "2" (the right one is the book's); drag y, pick t, and the API's MSE and
// cross-entropy follow.
import { latest, messageOf, postJson } from "../api.js";
import { byId } from "../dom.js";
import { axes, linear, onPointerDrag, points, svgEl, svgPoint } from "../svg.js";

// The book's outputs: the net is most sure of "2" (right) and of "7" (wrong); t is "2".
const RIGHT = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];
const WRONG = [0.1, 0.05, 0.0, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0];
const DELTA = 1e-7;

export function initLoss() {
  const barsSvg = byId("loss-bars", SVGSVGElement);
  const logSvg = byId("loss-log", SVGSVGElement);
  const sliders = byId("loss-y");
  const radios = byId("loss-t");
  const mseOut = byId("mse", HTMLOutputElement);
  const ceeOut = byId("cee", HTMLOutputElement);
  const sumOut = byId("loss-sum", HTMLOutputElement);
  const error = byId("loss-error");

  const y = RIGHT.slice();
  let t = 2;
  /** @type {HTMLInputElement[]} */
  const inputs = [];
  /** @type {HTMLOutputElement[]} */
  const outputs = [];

  for (let k = 0; k < 10; k++) {
    const label = document.createElement("label");
    const name = document.createElement("span");
    name.innerHTML = `y<sub>${k}</sub>`;
    const input = Object.assign(document.createElement("input"), { type: "range", min: "0", max: "1", step: "0.01" });
    input.setAttribute("aria-label", `y${k}, probability of ${k}`);
    const out = document.createElement("output");
    input.addEventListener("input", () => {
      y[k] = Number(input.value);
      update();
    });
    label.append(name, input, out);
    sliders.append(label);
    inputs.push(input);
    outputs.push(out);

    const r = document.createElement("label");
    const radio = Object.assign(document.createElement("input"), { type: "radio", name: "loss-t", value: String(k) });
    radio.addEventListener("change", () => {
      t = k;
      update();
    });
    r.append(radio, String(k));
    radios.append(r);
  }

  /** @param {unknown} err */
  const showError = (err) => {
    error.hidden = false;
    error.textContent = messageOf(err);
  };
  const oneHot = () => Array.from({ length: 10 }, (_, k) => (k === t ? 1 : 0));
  const mse = latest(
    (/** @type {{ y: number[], t: number[] }} */ body) => postJson("/v1/loss/mse", body),
    (r) => {
      mseOut.textContent = String(r.loss);
      error.hidden = true;
    },
    showError,
    mseOut,
  );
  const cee = latest(
    (/** @type {{ y: number[], t: number[] }} */ body) => postJson("/v1/loss/cross-entropy", body),
    (r) => {
      ceeOut.textContent = String(r.loss);
      drawLog(r.loss);
      error.hidden = true;
    },
    showError,
    ceeOut,
  );

  // --- the bars of y, draggable ----------------------------------------------------------------
  const area = { left: 56, top: 16, width: 390, height: 210 };
  const sx = (/** @type {number} */ k) => area.left + (k + 0.5) * (area.width / 10);
  const sy = linear(0, 1, area.top + area.height, area.top);
  function drawBars() {
    barsSvg.replaceChildren();
    const bw = area.width / 10;
    barsSvg.append(
      svgEl("rect", { x: area.left + t * bw, y: area.top, width: bw, height: area.height, class: "target-col" }),
    );
    barsSvg.append(axes(area, null, sy, [0, 1], [0, 1], { yLabel: "y", xTicks: 0, yTicks: 4 }));
    for (let k = 0; k < 10; k++) {
      const h = sy(0) - sy(y[k]);
      barsSvg.append(
        svgEl("rect", {
          x: sx(k) - bw * 0.3,
          y: sy(y[k]),
          width: bw * 0.6,
          height: Math.max(h, 0),
          class: k === t ? "bar top" : "bar",
        }),
      );
      barsSvg.append(
        svgEl(
          "text",
          { x: sx(k), y: area.top + area.height + 26, "text-anchor": "middle", class: "bar-label" },
          String(k),
        ),
      );
    }
    barsSvg.append(
      svgEl(
        "text",
        {
          x: area.left + (t + 0.5) * bw,
          y: area.top + area.height + 50,
          "text-anchor": "middle",
          class: "axis-label",
          fill: "#00702a",
        },
        "t = 1",
      ),
    );
  }
  /** @param {PointerEvent} e */
  function dragTo(e) {
    const p = svgPoint(barsSvg, e);
    const k = Math.floor((p.x - area.left) / (area.width / 10));
    if (k < 0 || k > 9) return;
    y[k] = Math.round(Math.min(1, Math.max(0, sy.invert(p.y))) * 100) / 100;
    update();
  }
  onPointerDrag(barsSvg, dragTo);

  // --- -log(y_t): why cross-entropy punishes a confident wrong answer (book figure 4-3) ---------
  const la = { left: 64, top: 12, width: 380, height: 150 };
  /** @param {number} loss */
  function drawLog(loss) {
    logSvg.replaceChildren();
    const yMax = 17;
    const lx = linear(0, 1, la.left, la.left + la.width);
    const ly = linear(0, yMax, la.top + la.height, la.top);
    logSvg.append(
      axes(la, lx, ly, [0, 1], [0, yMax], {
        xLabel: "y of the correct answer",
        yLabel: "−log y",
        yTicks: 3,
        xTicks: 5,
      }),
    );
    const xs = [],
      ys = [];
    for (let i = 0; i <= 200; i++) {
      const v = (i / 200) ** 3; // denser near 0, where the curve climbs
      xs.push(lx(v));
      ys.push(ly(Math.min(yMax, -Math.log(v + DELTA))));
    }
    logSvg.append(svgEl("polyline", { points: points(xs, ys), class: "curve" }));
    if (Number.isFinite(loss)) {
      logSvg.append(svgEl("circle", { cx: lx(y[t]), cy: ly(Math.min(yMax, loss)), r: 8, class: "handle" }));
    }
  }

  function update() {
    for (let k = 0; k < 10; k++) {
      inputs[k].value = String(y[k]);
      outputs[k].textContent = y[k].toFixed(2);
      radios.querySelectorAll("input")[k].checked = k === t;
    }
    sumOut.textContent = String(+y.reduce((a, b) => a + b, 0).toFixed(6));
    drawBars();
    const body = { y: y.slice(), t: oneHot() };
    mse(body);
    cee(body);
  }

  const preset = (/** @type {number[]} */ values) => () => {
    values.forEach((v, k) => (y[k] = v));
    t = 2;
    update();
  };
  byId("loss-right", HTMLButtonElement).addEventListener("click", preset(RIGHT));
  byId("loss-wrong", HTMLButtonElement).addEventListener("click", preset(WRONG));
  drawLog(NaN);
  update();
}
