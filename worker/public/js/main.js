// The classroom page: five panels, each a picture first, each talking only to this Worker.
import { initDigit } from "./panels/digit.js";
import { initLoss } from "./panels/loss.js";
import { initDerivative } from "./panels/derivative.js";
import { initDescent } from "./panels/descent.js";
import { initTraining } from "./panels/training.js";

const panels = { digit: initDigit, loss: initLoss, derivative: initDerivative, descent: initDescent, training: initTraining };
for (const [name, init] of Object.entries(panels)) {
  try {
    init();
  } catch (err) {
    // One broken panel must not take the others down.
    console.error(`panel ${name}:`, err);
  }
}
document.documentElement.dataset.ready = "true";
