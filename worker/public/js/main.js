// The classroom page: five panels, each a picture first, each talking only to this Worker.

import { byId } from "./dom.js";
import { applyTexts, languageSwitch } from "./i18n.js";
import { initDerivative } from "./panels/derivative.js";
import { initDescent } from "./panels/descent.js";
import { initDigit } from "./panels/digit.js";
import { initLoss } from "./panels/loss.js";
import { initTraining } from "./panels/training.js";

// The page's words in the reader's language (?lang=, the last choice, the browser's); switching
// reloads, so every panel starts again in the new language.
applyTexts();
languageSwitch(byId("lang-switch"));
document.addEventListener("langchange", () => location.reload());

const panels = {
  digit: initDigit,
  loss: initLoss,
  derivative: initDerivative,
  descent: initDescent,
  training: initTraining,
};
for (const [name, init] of Object.entries(panels)) {
  try {
    init();
  } catch (err) {
    // One broken panel must not take the others down.
    console.error(`panel ${name}:`, err);
  }
}
document.documentElement.dataset.ready = "true";
