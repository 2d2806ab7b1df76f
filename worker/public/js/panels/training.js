// Panel 5: a short training job on the server (POST /v1/train with Accept: text/event-stream);
// the loss and accuracy curves grow as the progress events arrive.

import { isAbort, messageOf } from "../api.js";
import { byId } from "../dom.js";
import { t } from "../i18n.js";
import { postEventStream } from "../sse.js";
import { axes, fmt, linear, points, svgEl } from "../svg.js";

export function initTraining() {
  const svg = byId("train-plot", SVGSVGElement);
  const form = byId("train-form", HTMLFormElement);
  const status = byId("train-status", HTMLOutputElement);
  const error = byId("train-error");
  const start = byId("train-start", HTMLButtonElement);
  const stop = byId("train-stop", HTMLButtonElement);
  const use = byId("train-use", HTMLButtonElement);
  const area = { left: 74, top: 14, width: 490, height: 282 };

  /** @typedef {{ steps: number, loss: number[][], train: number[][], test: number[][], controller: AbortController }} Run [step, value] pairs */
  /** @type {Run | null} */
  let run = null;
  /** @type {string | null} */
  let savedModel = null;

  function draw() {
    svg.replaceChildren();
    const steps = run?.steps ?? 100;
    const losses = run?.loss.map((p) => p[1]).filter(Number.isFinite) ?? [];
    const lossMax = Math.max(0.5, ...losses) * 1.05;
    const sx = linear(0, steps, area.left, area.left + area.width);
    const sl = linear(0, lossMax, area.top + area.height, area.top);
    const sa = linear(0, 1, area.top + area.height, area.top);
    svg.append(axes(area, sx, sl, [0, steps], [0, lossMax], { xLabel: "step", yLabel: "loss", yTicks: 4 }));
    // accuracy axis on the right
    const right = area.left + area.width;
    for (const v of [0, 0.25, 0.5, 0.75, 1]) {
      svg.append(svgEl("text", { x: right + 8, y: sa(v) + 5, class: "tick" }, `${v * 100}%`));
    }
    svg.append(
      svgEl(
        "text",
        {
          x: 0,
          y: 0,
          transform: `translate(${right + 62} ${area.top + area.height / 2}) rotate(90)`,
          "text-anchor": "middle",
          class: "axis-label",
        },
        "accuracy",
      ),
    );
    if (!run) return;
    /** @param {number[][]} pts @param {(v: number) => number} scale @param {string} cls @param {string} id */
    const line = (pts, scale, cls, id) => {
      svg.append(
        svgEl("polyline", {
          id,
          points: points(
            pts.map((p) => sx(p[0])),
            pts.map((p) => scale(p[1])),
          ),
          class: cls,
          "data-count": pts.length,
        }),
      );
      for (const p of pts.length < 40 && cls !== "loss-line" ? pts : [])
        svg.append(svgEl("circle", { cx: sx(p[0]), cy: scale(p[1]), r: 5, class: cls.replace("line", "dot") }));
    };
    line(run.loss, sl, "loss-line", "train-loss");
    line(run.train, sa, "train-line", "train-acc");
    line(run.test, sa, "test-line", "test-acc");
    const last = run.loss.at(-1);
    svg.setAttribute(
      "aria-label",
      `Training curves: ${run.loss.length} loss points up to step ${last?.[0] ?? 0} of ${steps}` +
        (run.test.length ? `; test accuracy ${fmt(100 * run.test[run.test.length - 1][1], 3)}%` : ""),
    );
  }

  /** @param {boolean} running */
  function setRunning(running) {
    start.disabled = running;
    stop.disabled = !running;
    for (const el of form.querySelectorAll("input, select"))
      if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement) el.disabled = running;
  }

  function options() {
    const steps = Math.max(1, Math.round(Number(byId("train-steps", HTMLInputElement).value) || 1));
    /** @type {Record<string, string | number>} */
    const body = {
      arch: byId("train-arch", HTMLSelectElement).value,
      iters_num: steps,
      batch_size: Math.max(1, Math.round(Number(byId("train-batch", HTMLInputElement).value) || 100)),
      learning_rate: Number(byId("train-lr", HTMLInputElement).value),
      seed: Math.max(0, Math.round(Number(byId("train-seed", HTMLInputElement).value) || 0)),
      eval_every: Math.max(1, Math.round(steps / 12)),
      progress_every: Math.max(1, Math.round(steps / 150)),
    };
    const token = byId("train-token", HTMLInputElement).value.trim();
    const name = byId("train-save-as", HTMLInputElement).value.trim();
    /** @type {Record<string, string>} */
    const headers = {};
    if (token && name) {
      body.save_as = name;
      headers.authorization = `Bearer ${token}`;
    }
    return { body, headers };
  }

  const pct = (/** @type {number} */ v) => `${(100 * v).toFixed(1)}%`;

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const { body, headers } = options();
    /** @type {Run} */
    const job = { steps: Number(body.iters_num), loss: [], train: [], test: [], controller: new AbortController() };
    run = job;
    savedModel = null;
    use.hidden = true;
    error.hidden = true;
    status.textContent = t("page.train.starting");
    svg.dataset.state = "running";
    setRunning(true);
    draw();
    try {
      await postEventStream("/v1/train", body, {
        headers,
        signal: job.controller.signal,
        onEvent: (name, data) => {
          if (name === "start") {
            job.steps = data.steps ?? job.steps;
            status.textContent = t("page.train.training", {
              arch: body.arch,
              steps: job.steps,
              data: data.data ?? t("page.train.bundled"),
            });
          } else if (name === "progress") {
            job.loss.push([data.step, data.loss]);
            const trainAcc = data.train_accuracy ?? data.trainAccuracy;
            const testAcc = data.test_accuracy ?? data.testAccuracy;
            if (trainAcc != null) job.train.push([data.step, trainAcc]);
            if (testAcc != null) job.test.push([data.step, testAcc]);
            const lastTest = job.test.at(-1);
            status.textContent =
              t("page.train.step", { step: data.step, steps: job.steps, loss: fmt(data.loss, 3) }) +
              (lastTest ? t("page.train.test-accuracy", { acc: pct(lastTest[1]) }) : "");
            draw();
          } else if (name === "done") {
            const f = data.final ?? {};
            const acc = f.test_accuracy ?? f.testAccuracy;
            status.textContent =
              t("page.train.done", { steps: data.steps ?? job.steps, loss: fmt(f.loss, 3) }) +
              (acc != null ? t("page.train.test-accuracy", { acc: pct(acc) }) : "") +
              (data.model
                ? t("page.train.saved", { name: data.model.name, version: data.model.version })
                : t("page.train.not-saved"));
            svg.dataset.state = "done";
            if (data.model) {
              savedModel = data.model.name;
              use.hidden = false;
              document.dispatchEvent(new CustomEvent("models-changed", { detail: {} }));
            }
          } else if (name === "error") {
            throw Object.assign(new Error(data?.errors?.[0]?.message ?? data?.detail ?? "training failed"), {
              problem: data,
            });
          }
        },
      });
      if (svg.dataset.state !== "done") svg.dataset.state = "ended";
    } catch (err) {
      svg.dataset.state = isAbort(err) ? "stopped" : "failed";
      if (isAbort(err)) {
        status.textContent = t("page.train.stopped", { step: job.loss.at(-1)?.[0] ?? 0 });
      } else {
        error.hidden = false;
        error.textContent = messageOf(err);
        status.textContent = t("page.train.failed");
      }
    } finally {
      setRunning(false);
    }
  });
  stop.addEventListener("click", () => run?.controller.abort());
  use.addEventListener("click", () => {
    if (!savedModel) return;
    document.dispatchEvent(new CustomEvent("models-changed", { detail: { select: savedModel } }));
    byId("digit").scrollIntoView();
    byId("pad", HTMLCanvasElement).focus({ preventScroll: true });
  });
  draw();
}
