import type { App } from "../app";
import { registerCalculus } from "./compute/calculus";
import { registerDescent } from "./compute/descent";
import { registerLoss } from "./compute/loss";
import { registerSimpleNet } from "./compute/simplenet";
import { registerSoftmax } from "./compute/softmax";

/** The public compute routes of design §5: the chapter's maths on posted numbers. */
export function registerCompute(app: App): void {
  registerLoss(app);
  registerSoftmax(app);
  registerCalculus(app);
  registerDescent(app);
  registerSimpleNet(app);
}
