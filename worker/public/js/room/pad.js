// A drawing pad for a phone or the projector: white ink on black, like MNIST. The 28x28 digit
// the net sees is made with the API's own pre-processing (core/image/mnist-preprocess, bundled).
import { mnistPreprocess } from "../core.bundle.js";
import { context2d } from "../dom.js";

/**
 * @param {HTMLCanvasElement} canvas
 * @param {(ink: boolean) => void} [onChange] told whether the pad has ink, after every change
 */
export function initPad(canvas, onChange = () => {}) {
  const ctx = context2d(canvas);
  let drawing = false;
  let ink = false;
  const clear = () => {
    ctx.fillStyle = "#000";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ink = false;
    onChange(false);
  };
  /** @param {PointerEvent} e */
  const at = (e) => {
    const r = canvas.getBoundingClientRect();
    return [((e.clientX - r.left) * canvas.width) / r.width, ((e.clientY - r.top) * canvas.height) / r.height];
  };
  canvas.addEventListener("pointerdown", (e) => {
    drawing = true;
    canvas.setPointerCapture(e.pointerId);
    const [x, y] = at(e);
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + 0.01, y);
    stroke();
  });
  canvas.addEventListener("pointermove", (e) => {
    if (!drawing) return;
    const [x, y] = at(e);
    ctx.lineTo(x, y);
    stroke();
  });
  for (const end of ["pointerup", "pointercancel"]) canvas.addEventListener(end, () => (drawing = false));
  function stroke() {
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = canvas.width / 14;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.stroke();
    if (!ink) onChange(true);
    ink = true;
  }
  clear();
  return {
    clear,
    hasInk: () => ink,
    /** The drawing as the net's 28x28 uint8 input. */
    pixels() {
      const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
      return mnistPreprocess({ width: img.width, height: img.height, channels: 4, data: img.data });
    },
  };
}

/** @param {Uint8Array} bytes */
export const toBase64 = (bytes) => btoa(String.fromCharCode(...bytes));
/** @param {string} text */
export const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/**
 * Paints a 28x28 uint8 digit onto a 28x28 canvas (scaled up by CSS, pixelated).
 * @param {HTMLCanvasElement} canvas
 * @param {ArrayLike<number>} pixels
 */
export function paintDigit(canvas, pixels) {
  const ctx = context2d(canvas);
  const img = ctx.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = pixels[i];
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}
