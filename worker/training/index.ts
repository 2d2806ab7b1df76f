import { resource } from "../http/resource";
import { registerGradientCheck } from "./gradient-check";
import { registerTrain } from "./train";

/** Training jobs and the gradient check, mounted at /v1. */
export const training = resource();
registerTrain(training);
registerGradientCheck(training);
