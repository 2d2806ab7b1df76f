// Panel 1: draw a digit (mouse, pen, touch or keyboard), see the 28x28 image the net sees
// (MNIST's pre-processing, the API's own code bundled), and the chosen model's probabilities,
// named by the classes of the dataset it was trained on. With more than one dataset stored, a
// menu picks the dataset: its models, and its test images.
import { getJson, latest, messageOf, postJson } from "../api.js";
import { mnistPreprocess } from "../core.bundle.js";
import { byId, context2d } from "../dom.js";
import { lang, t } from "../i18n.js";
import { fmt, svgEl } from "../svg.js";

const SIDE = 28;
const PEN = 20; // stroke width on the 280x280 pad: about MNIST's stroke once scaled to 20x20

export function initDigit() {
  const pad = byId("pad", HTMLCanvasElement);
  const seen = byId("seen", HTMLCanvasElement);
  const cursor = byId("pad-cursor");
  const bars = byId("bars", SVGSVGElement);
  const answer = byId("digit-answer", HTMLOutputElement);
  const picker = byId("model", HTMLSelectElement);
  const datasetPicker = byId("dataset", HTMLSelectElement);
  const datasetChoice = byId("dataset-choice");
  const ctx = context2d(pad, { willReadFrequently: true });
  const seenCtx = context2d(seen);

  /** @type {Uint8Array} what the net sees, 0..255 */
  let pixels = new Uint8Array(SIDE * SIDE);
  /** @type {{ label: number, index: number, x: number[], dataset: string } | null} when a test image is shown */
  let truth = null;
  let classes = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]; // of the chosen dataset
  /** @type {import("../../../../clients/typescript/schema").components["schemas"]["ModelSummary"][]} (GET /v1/models) */
  let allModels = [];
  let inked = false;

  function clearPad() {
    ctx.fillStyle = "#000";
    ctx.fillRect(0, 0, pad.width, pad.height);
    inked = false;
  }

  function showSeen() {
    const img = seenCtx.createImageData(SIDE, SIDE);
    for (let i = 0; i < pixels.length; i++) {
      img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = pixels[i];
      img.data[4 * i + 3] = 255;
    }
    seenCtx.putImageData(img, 0, 0);
    seen.dataset.ink = String(pixels.reduce((a, b) => a + b, 0));
  }

  // --- predictions -------------------------------------------------------------------------
  const predict = latest(
    /** @param {string} model @param {number[] | number[][]} x @param {number} [scale] */
    (model, x, scale) => postJson(`/v1/models/${encodeURIComponent(model)}/predict`, scale ? { x, scale } : { x }),
    (res) => showPrediction(res.predictions[0], res.model, res.classes ?? classes),
    (err) => {
      answer.textContent = t("page.digit.server-error", { detail: messageOf(err) });
    },
    answer,
  );

  function ask() {
    if (!picker.value) return;
    if (!pixels.some((v) => v > 0)) {
      drawBars(null);
      answer.textContent = t("page.digit.prompt");
      delete answer.dataset.label;
      answer.dataset.pending = "false";
      return;
    }
    if (truth) predict(picker.value, truth.x, 0);
    else predict(picker.value, Array.from(pixels), 255);
  }

  /**
   * @param {{ label: number, probabilities: number[] }} p
   * @param {{ name: string, version: number }} model
   * @param {string[]} names the classes' names
   */
  function showPrediction(p, model, names) {
    drawBars(p.probabilities, truth?.label, names);
    const pct = `${(100 * p.probabilities[p.label]).toFixed(1)}%`;
    const said = names[p.label] ?? String(p.label);
    answer.replaceChildren();
    if (truth) {
      const ok = p.label === truth.label;
      const is = classes[truth.label] ?? String(truth.label);
      const label = lang === "en" ? `${/^[aeiou8]/i.test(is) ? "an" : "a"} ${is}` : is;
      answer.append(`${t("page.digit.test", { index: truth.index, label, model: model.name, guess: said, pct })} `);
      const verdict = document.createElement("span");
      verdict.className = ok ? "right" : "wrong";
      verdict.textContent = t(ok ? "page.digit.right" : "page.digit.wrong");
      answer.append(verdict);
    } else {
      // The guess in bold wherever the language puts it: "{model} says {guess} ({pct})".
      const [before, after] = t("page.digit.says", { model: model.name, guess: "\u0000", pct }).split("\u0000");
      const b = document.createElement("strong");
      b.textContent = said;
      answer.append(before, b, after);
    }
    answer.dataset.label = String(p.label);
  }

  /** A class name short enough for its bar (the full name is in the tooltip and aria-label). */
  const short = (/** @type {string} */ name) => (name.length <= 5 ? name : `${name.slice(0, 4)}…`);

  /** @param {number[] | null} probs @param {number | undefined} [trueLabel] @param {string[]} [names] */
  function drawBars(probs, trueLabel, names = classes) {
    bars.replaceChildren();
    const left = 10,
      base = 200,
      w = 32,
      gap = 8.5,
      hMax = 160;
    const top = probs ? probs.indexOf(Math.max(...probs)) : -1;
    for (let k = 0; k < 10; k++) {
      const x = left + k * (w + gap);
      const p = probs ? probs[k] : 0;
      const h = Math.max(p * hMax, probs ? 1 : 0);
      if (k === trueLabel)
        bars.append(
          svgEl("rect", { x: x - 4, y: base - hMax - 28, width: w + 8, height: hMax + 58, class: "truth", rx: 4 }),
        );
      bars.append(
        svgEl("rect", { x, y: base - h, width: w, height: h, class: k === top ? "bar top" : "bar", "data-p": p }),
      );
      const label = svgEl(
        "text",
        {
          x: x + w / 2,
          y: base + 26,
          "text-anchor": "middle",
          class: names[k].length > 2 ? "bar-label long" : "bar-label",
        },
        short(names[k]),
      );
      label.append(svgEl("title", {}, names[k]));
      bars.append(label);
      if (probs && p >= 0.005)
        bars.append(
          svgEl(
            "text",
            { x: x + w / 2, y: base - h - 6, "text-anchor": "middle", class: "bar-value" },
            `${Math.round(100 * p)}%`,
          ),
        );
    }
    bars.append(svgEl("line", { x1: 0, x2: 420, y1: base, y2: base, stroke: "#000", "stroke-width": 2 }));
    bars.setAttribute(
      "aria-label",
      probs
        ? `Probabilities: ${probs.map((p, k) => `${names[k]}: ${fmt(100 * p, 2)}%`).join(", ")}`
        : "Probabilities of each class (nothing drawn yet)",
    );
  }

  // --- drawing -----------------------------------------------------------------------------
  let frame = 0;
  function changed() {
    answer.dataset.pending = "true";
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      const image = ctx.getImageData(0, 0, pad.width, pad.height);
      pixels = mnistPreprocess({ width: image.width, height: image.height, channels: 4, data: image.data });
      showSeen();
      ask();
    });
  }

  function startDrawing() {
    if (truth) {
      // a test digit is on the pad: drawing starts a fresh digit
      truth = null;
      clearPad();
    }
    inked = true;
  }

  /** @param {{ x: number, y: number }} from @param {{ x: number, y: number }} to */
  function stroke(from, to) {
    ctx.strokeStyle = "#fff";
    ctx.fillStyle = "#fff";
    ctx.lineWidth = PEN;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    if (from.x === to.x && from.y === to.y) {
      ctx.arc(to.x, to.y, PEN / 2, 0, 2 * Math.PI);
      ctx.fill();
    } else {
      ctx.moveTo(from.x, from.y);
      ctx.lineTo(to.x, to.y);
      ctx.stroke();
    }
    changed();
  }

  const padPoint = (/** @type {PointerEvent} */ e) => {
    const r = pad.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * pad.width, y: ((e.clientY - r.top) / r.height) * pad.height };
  };
  /** @type {{ x: number, y: number } | null} */
  let last = null;
  pad.addEventListener("pointerdown", (e) => {
    if (e.button !== 0) return;
    e.preventDefault();
    pad.setPointerCapture(e.pointerId);
    startDrawing();
    last = padPoint(e);
    stroke(last, last);
  });
  pad.addEventListener("pointermove", (e) => {
    if (!last) return;
    const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [e];
    for (const ev of events.length ? events : [e]) {
      const p = padPoint(ev);
      stroke(last, p);
      last = p;
    }
  });
  const end = () => {
    last = null;
  };
  pad.addEventListener("pointerup", end);
  pad.addEventListener("pointercancel", end);

  // Keyboard drawing: a visible pen ring moved by the arrow keys, Space puts the pen down or up.
  const pen = { x: 140, y: 140, down: false };
  function placeCursor() {
    cursor.style.left = `${(pen.x / pad.width) * 100}%`;
    cursor.style.top = `${(pen.y / pad.height) * 100}%`;
    cursor.classList.toggle("down", pen.down);
  }
  pad.addEventListener("focus", () => {
    cursor.hidden = false;
    placeCursor();
  });
  pad.addEventListener("blur", () => {
    cursor.hidden = true;
    pen.down = false;
  });
  pad.addEventListener("keydown", (e) => {
    const step = e.shiftKey ? 4 : 12;
    /** @type {Record<string, number[]>} */
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (e.key in moves) {
      e.preventDefault();
      const from = { x: pen.x, y: pen.y };
      pen.x = Math.min(pad.width - 1, Math.max(0, pen.x + moves[e.key][0]));
      pen.y = Math.min(pad.height - 1, Math.max(0, pen.y + moves[e.key][1]));
      if (pen.down) stroke(from, pen);
      placeCursor();
    } else if (e.key === " " || e.key === "Enter") {
      e.preventDefault();
      pen.down = !pen.down;
      if (pen.down) {
        startDrawing();
        stroke(pen, pen);
      }
      placeCursor();
    } else if (e.key === "Delete" || e.key === "Backspace") {
      e.preventDefault();
      reset();
    }
  });

  function reset() {
    truth = null;
    clearPad();
    changed();
  }
  byId("clear", HTMLButtonElement).addEventListener("click", reset);

  // --- a test image from the chosen dataset's test split -------------------------------------
  const chosenDataset = () => datasetPicker.value || "mnist";
  byId("test-digit", HTMLButtonElement).addEventListener("click", async () => {
    const seed = Math.floor(Math.random() * 2 ** 31);
    try {
      const dataset = chosenDataset();
      const s = await getJson(`/v1/mnist/samples?dataset=${encodeURIComponent(dataset)}&split=test&n=1&seed=${seed}`);
      const x = s.x[0];
      truth = { label: s.t[0], index: s.indices[0], x, dataset };
      pixels = Uint8Array.from(x, (v) => Math.round(v * 255));
      showSeen();
      clearPad();
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(seen, 0, 0, pad.width, pad.height);
      ask();
    } catch (err) {
      answer.textContent = t("page.digit.no-test", { detail: messageOf(err) });
    }
  });

  // --- models --------------------------------------------------------------------------------
  /** The models of the chosen dataset (models that record none were trained on mnist). */
  /** @param {string} [keep] a model to keep chosen */
  function showModels(keep) {
    const models = allModels.filter((m) => (m.dataset ?? "mnist") === chosenDataset());
    picker.replaceChildren(
      ...models.map((m) => {
        const o = document.createElement("option");
        o.value = m.name;
        const acc = m.accuracy == null ? "" : `, ${(100 * m.accuracy).toFixed(1)}% on test images`;
        o.textContent = `${m.name} (${m.arch}${m.activation ? ` ${m.activation}` : ""}, v${m.version}${acc})`;
        return o;
      }),
    );
    const names = models.map((m) => m.name);
    picker.value =
      keep !== undefined && names.includes(keep)
        ? keep
        : names.includes("mnist-two-layer")
          ? "mnist-two-layer"
          : (names[0] ?? "");
    if (!models.length) answer.textContent = t("page.digit.no-models");
    picker.dataset.loaded = "true";
    ask();
  }

  /** @param {string} [select] a model to choose */
  async function loadModels(select) {
    try {
      allModels = (await getJson("/v1/models")).models;
      const chosen = allModels.find((m) => m.name === select);
      if (chosen && datasetPicker.querySelector(`option[value="${CSS.escape(chosen.dataset ?? "mnist")}"]`))
        datasetPicker.value = chosen.dataset ?? "mnist";
      showModels(select ?? picker.value);
    } catch (err) {
      answer.textContent = t("page.digit.no-list", { detail: messageOf(err) });
    }
  }
  picker.addEventListener("change", ask);

  // --- datasets: the menu appears when more than one is stored ---------------------------------
  async function loadDatasets() {
    try {
      /** @type {{ datasets: { name: string, classes: string[] }[] }} */
      const { datasets } = await getJson("/v1/datasets");
      datasetPicker.replaceChildren(
        ...datasets.map((d) => {
          const o = document.createElement("option");
          o.value = d.name;
          o.textContent = `${d.name} (${d.classes.slice(0, 3).join(", ")}${d.classes.length > 3 ? ", …" : ""})`;
          o.dataset.classes = JSON.stringify(d.classes);
          return o;
        }),
      );
      const names = datasets.map((d) => d.name);
      datasetPicker.value = names.includes("mnist") ? "mnist" : (names[0] ?? "");
      datasetChoice.hidden = datasets.length < 2;
      useDatasetClasses();
    } catch {
      datasetChoice.hidden = true; // the digits alone, as before
    }
  }
  function useDatasetClasses() {
    const option = datasetPicker.selectedOptions[0];
    if (option?.dataset.classes) classes = JSON.parse(option.dataset.classes);
  }
  datasetPicker.addEventListener("change", () => {
    useDatasetClasses();
    truth = null;
    clearPad();
    pixels = new Uint8Array(SIDE * SIDE);
    showSeen();
    drawBars(null);
    showModels();
  });
  // The training panel announces new models; `detail.select` picks one.
  document.addEventListener("models-changed", (e) => loadModels(/** @type {CustomEvent} */ (e).detail?.select));

  clearPad();
  showSeen();
  drawBars(null);
  loadDatasets().then(() => loadModels());
}
