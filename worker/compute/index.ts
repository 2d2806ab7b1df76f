import { resource } from "../http/resource";
import { registerCalculus } from "./calculus";
import { registerDescent } from "./descent";
import { registerLoss } from "./loss";
import { registerSimpleNet } from "./simplenet";
import { registerSoftmax } from "./softmax";

/**
 * The public compute routes, mounted at /v1: the chapter's maths on posted numbers. Each route
 * declares its own body cap (`middleware: [jsonBody(...)]` in its createRoute).
 */
export const compute = resource();
registerLoss(compute);
registerSoftmax(compute);
registerCalculus(compute);
registerDescent(compute);
registerSimpleNet(compute);
