// The training curve as the room shares it: loss per step (thick blue line) and held-out accuracy
// (green dots), the same picture on the projector and on every phone.
import { t } from "../i18n.js";
import { axes, fmt, linear, points, svgEl } from "../svg.js";

/**
 * A training run as the room shares it.
 * @typedef {{ step: number, loss: number, test_accuracy: number | null, train_accuracy?: number | null }} TrainPoint
 * @typedef {{ steps: number, points: TrainPoint[], state: string, label?: string, run?: number }} TrainRun
 */

/**
 * Draws run = {steps, points: [{step, loss, test_accuracy}], state} into svg (its viewBox sets
 * the size). The loss line carries data-count and data-step for tests and screen readers.
 * @param {SVGSVGElement} svg
 * @param {TrainRun | null} run
 */
export function drawTrainChart(svg, run) {
  const { width, height } = svg.viewBox.baseVal;
  const area = { left: 84, top: 16, width: width - 84 - 90, height: height - 16 - 70 };
  svg.replaceChildren();
  const steps = run?.steps ?? 100;
  const pts = run?.points ?? [];
  const lossMax = Math.max(0.5, ...pts.map((p) => p.loss).filter(Number.isFinite)) * 1.05;
  const sx = linear(0, steps, area.left, area.left + area.width);
  const sl = linear(0, lossMax, area.top + area.height, area.top);
  const sa = linear(0, 1, area.top + area.height, area.top);
  svg.append(
    axes(area, sx, sl, [0, steps], [0, lossMax], {
      xLabel: t("chart.step"),
      yLabel: t("chart.loss"),
      yTicks: 4,
      xTicks: 4,
    }),
  );
  const right = area.left + area.width;
  for (const v of [0, 0.5, 1]) svg.append(svgEl("text", { x: right + 8, y: sa(v) + 6, class: "tick" }, `${v * 100}%`));
  svg.append(
    svgEl(
      "text",
      {
        x: 0,
        y: 0,
        transform: `translate(${right + 74} ${area.top + area.height / 2}) rotate(90)`,
        "text-anchor": "middle",
        class: "axis-label",
      },
      t("chart.test-accuracy"),
    ),
  );
  const last = pts.at(-1);
  svg.append(
    svgEl("polyline", {
      id: svg.id ? `${svg.id}-loss` : undefined,
      class: "loss-line",
      points: points(
        pts.map((p) => sx(p.step)),
        pts.map((p) => sl(p.loss)),
      ),
      "data-count": pts.length,
      "data-step": last?.step ?? 0,
    }),
  );
  for (const p of pts)
    if (p.test_accuracy != null)
      svg.append(svgEl("circle", { cx: sx(p.step), cy: sa(p.test_accuracy), r: 7, class: "test-dot" }));
  const acc = [...pts].reverse().find((p) => p.test_accuracy != null)?.test_accuracy;
  svg.setAttribute(
    "aria-label",
    last
      ? t("chart.at", { step: last.step, steps, loss: fmt(last.loss, 3) }) +
          (acc != null ? t("chart.accuracy", { accuracy: fmt(100 * acc, 3) }) : "")
      : t("chart.no-steps"),
  );
}

/**
 * "Step 120 of 600 · loss 0.41 · test accuracy 91.2%" in the page's language.
 * @param {TrainRun | null} run
 */
export function trainStatus(run) {
  if (!run) return t("room.no-training");
  const last = run.points.at(-1);
  const acc = [...run.points].reverse().find((p) => p.test_accuracy != null)?.test_accuracy;
  const head = last
    ? t("room.train-step", { step: last.step, steps: run.steps, loss: fmt(last.loss, 3) })
    : t("room.train-starting", { steps: run.steps });
  const tail = acc != null ? t("room.train-accuracy", { accuracy: (100 * acc).toFixed(1) }) : "";
  /** @type {Record<string, string>} */
  const ends = { done: "room.train-done", stopped: "room.train-stopped", failed: "room.train-failed" };
  const end = ends[run.state];
  return head + tail + (end ? t(end) : "");
}
