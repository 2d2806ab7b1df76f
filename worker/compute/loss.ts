import { createRoute, z } from "@hono/zod-openapi";
import { crossEntropyError } from "../../core/book/cross-entropy-error";
import { meanSquaredError } from "../../core/book/mean-squared-error";
import { text } from "../../core/i18n";
import { sameShape, shapeString } from "../../core/ndarray";
import { numericArray, toNDArray } from "../http/arrays";
import { jsonBody } from "../http/body";
import { LIMITS } from "../http/limits";
import { jsonNumber } from "../http/numbers";
import { computeErrors, JsonNumber, jsonRequest, jsonResponse } from "../http/openapi";
import { Problem } from "../http/problem";
import type { Resource } from "../http/resource";

// The book's example: the answer is "2" and the net's softmax output favours it.
const BOOK_T = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
const BOOK_Y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];

const MseBody = z.object({
  y: numericArray({ ranks: [1, 2] }, "The network's output y (vector or batch matrix).", BOOK_Y),
  t: numericArray({ ranks: [1, 2] }, "The target t, same shape as y (one-hot in the book).", BOOK_T),
});

const CrossEntropyBody = z.object({
  y: numericArray(
    { ranks: [1, 2], probability: true },
    "Probabilities y (softmax output): vector or batch matrix.",
    BOOK_Y,
  ),
  t: numericArray(
    { ranks: [0, 1, 2] },
    "The target: one-hot of y's shape, or the correct label (a number for a vector y, a list of labels for a batch).",
    BOOK_T,
  ),
  delta: z.number().min(0).max(1).optional().openapi({
    description: "Added inside the log so log(0) stays finite (the book's 1e-7); 0 shows why it is there.",
    example: 1e-7,
  }),
});

const LossAnswer = z.object({ loss: JsonNumber }).openapi("Loss");

export function registerLoss(app: Resource): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/loss/mse",
      operationId: "meanSquaredError",
      security: [],
      tags: ["Compute"],
      middleware: [jsonBody({ maxBytes: LIMITS.maxJsonBytes, keys: { known: Object.keys(MseBody.shape) } })] as const,
      summary: "Mean squared error 0.5·Σ(y−t)²",
      description: "The book's `mean_squared_error(y, t) = 0.5*np.sum((y-t)**2)`, bit-for-bit equal to numpy.",
      request: jsonRequest(MseBody, { y: BOOK_Y, t: BOOK_T }),
      responses: { 200: jsonResponse(LossAnswer, "The loss (0.0975 for the book's example)"), ...computeErrors },
    }),
    (c) => {
      const body = c.req.valid("json");
      const y = toNDArray(body.y);
      const t = toNDArray(body.t);
      if (!sameShape(y.shape, t.shape)) {
        throw Problem.field("/t", text("error.shape-mismatch", { t: shapeString(t.shape), y: shapeString(y.shape) }));
      }
      return c.json({ loss: jsonNumber(meanSquaredError(y, t)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/loss/cross-entropy",
      operationId: "crossEntropyError",
      security: [],
      tags: ["Compute"],
      middleware: [
        jsonBody({ maxBytes: LIMITS.maxJsonBytes, keys: { known: Object.keys(CrossEntropyBody.shape) } }),
      ] as const,
      summary: "Cross-entropy error −Σ t·log(y + δ) / batch",
      description:
        "The book's batch `cross_entropy_error`: one-hot targets or labels; a vector y is a batch of one; " +
        "divided by the batch size.",
      request: jsonRequest(CrossEntropyBody, { y: BOOK_Y, t: BOOK_T }),
      responses: { 200: jsonResponse(LossAnswer, "The loss (0.5108 for the book's example)"), ...computeErrors },
    }),
    (c) => {
      const body = c.req.valid("json");
      const y = toNDArray(body.y);
      let t = toNDArray(body.t);
      if (!sameShape(y.shape, t.shape)) {
        checkLabels(y.shape, t);
        // `[2]` for a single vector y means the label 2, as `2` does.
        if (y.shape.length === 1) t = { data: t.data, shape: [] };
      }
      return c.json({ loss: jsonNumber(crossEntropyError(y, t, body.delta)) }, 200);
    },
  );
}

/** Labels instead of one-hot: one integer per row of y, each a valid class index. */
function checkLabels(yShape: number[], t: { data: Float64Array; shape: number[] }): void {
  const rows = yShape.length === 1 ? 1 : yShape[0];
  const classes = yShape[yShape.length - 1];
  const expected = yShape.length === 1 ? text("error.one-label") : text("error.n-labels", { n: rows });
  // A batch y takes a list of labels (even for one row); a single vector y takes one label.
  const count = t.shape.length === 0 ? (yShape.length === 1 ? 1 : -1) : t.shape.length === 1 ? t.shape[0] : -1;
  if (count !== rows || (yShape.length === 1 && t.shape.length !== 0 && t.shape[0] !== 1)) {
    throw Problem.field("/t", text("error.t-neither", { t: shapeString(t.shape), y: shapeString(yShape), expected }));
  }
  for (let i = 0; i < t.data.length; i++) {
    const label = t.data[i];
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      const ptr = t.shape.length === 0 ? "/t" : `/t/${i}`;
      throw Problem.field(ptr, text("error.bad-label", { label, max: classes - 1 }));
    }
  }
}
