import type { Kind } from "../types";
import { crossEntropy } from "./cross-entropy";
import { gradientDescentKind } from "./gradient-descent";
import { mse } from "./mse";
import { numericalDiffKind } from "./numerical-diff";
import { numericalGradientKind } from "./numerical-gradient";
import { simpleNetKind } from "./simple-net";
import { softmax } from "./softmax";

/** Problem kinds with generated inputs and a computed answer (model_accuracy is graded on an upload). */
export const KINDS: ReadonlyMap<string, Kind> = new Map(
  [mse, crossEntropy, softmax, numericalDiffKind, numericalGradientKind, gradientDescentKind, simpleNetKind].map(
    (k) => [k.name, k],
  ),
);

export const MODEL_ACCURACY = "model_accuracy";

export const KIND_NAMES = [...KINDS.keys(), MODEL_ACCURACY];
