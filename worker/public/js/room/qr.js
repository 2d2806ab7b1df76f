// The room's join address as a QR code, drawn here (core/qr bundled): no request leaves the host.
import { encodeQr } from "../core.bundle.js";
import { svgEl } from "../svg.js";

/**
 * Fills svg with the QR code of text: one path of dark modules, a 4-module quiet zone.
 * @param {SVGSVGElement} svg @param {string} text
 */
export function drawQr(svg, text) {
  const q = encodeQr(text, { ecl: "M" });
  const n = q.size + 8;
  svg.setAttribute("viewBox", `0 0 ${n} ${n}`);
  let d = "";
  q.modules.forEach((row, r) => row.forEach((dark, c) => dark && (d += `M${c + 4} ${r + 4}h1v1h-1z`)));
  svg.replaceChildren(
    svgEl("rect", { x: 0, y: 0, width: n, height: n, class: "qr-light" }),
    svgEl("path", { d, class: "qr-dark" }),
  );
  svg.dataset.version = String(q.version);
  svg.setAttribute("aria-label", `QR code of ${text}`);
}
