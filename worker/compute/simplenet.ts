import { createRoute, z } from "@hono/zod-openapi";
import { SimpleNet } from "../../core/book/simple-net";
import { text } from "../../core/i18n";
import { shapeString } from "../../core/ndarray";
import { numericArray, toNDArray } from "../http/arrays";
import { jsonBody } from "../http/body";
import { LIMITS } from "../http/limits";
import { jsonArray, jsonNumber } from "../http/numbers";
import { computeErrors, JsonArray, JsonNumber, jsonRequest, jsonResponse } from "../http/openapi";
import { Problem } from "../http/problem";
import type { Resource } from "../http/resource";
import { checkWork } from "../http/work";

// The book's simpleNet: W is 2x3, x = [0.6, 0.9], the answer is class 2.
const BOOK = {
  W: [
    [0.47355232, 0.9977393, 0.84668094],
    [0.85557411, 0.03563661, 0.69422093],
  ],
  x: [0.6, 0.9],
  t: [0, 0, 1],
};

const SimpleNetBody = z.object({
  W: numericArray({ ranks: [2], maxElements: 10_000 }, "The weight matrix W (inputs × classes).", BOOK.W),
  x: numericArray({ ranks: [1, 2], maxElements: 10_000 }, "One input vector, or a batch of rows.", BOOK.x),
  t: numericArray(
    { ranks: [0, 1, 2], maxElements: 10_000 },
    "One-hot target(s) of the output's shape, or label(s).",
    BOOK.t,
  ),
});

const SimpleNetAnswer = z
  .object({ p: JsonArray, argmax: z.union([z.number(), z.array(z.number())]), loss: JsonNumber, dW: JsonArray })
  .openapi("SimpleNet");

export function registerSimpleNet(app: Resource): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/simplenet",
      operationId: "simpleNet",
      security: [],
      tags: ["Compute"],
      middleware: [
        jsonBody({ maxBytes: LIMITS.maxJsonBytes, keys: { known: Object.keys(SimpleNetBody.shape) } }),
      ] as const,
      summary: "The book's simpleNet: predict, loss and numerical dW",
      description:
        "p = np.dot(x, W); loss = cross_entropy_error(softmax(p), t); dW = numerical_gradient(lambda W: net.loss(x, t), W).",
      request: jsonRequest(SimpleNetBody, BOOK),
      responses: { 200: jsonResponse(SimpleNetAnswer, "Scores, predicted class, loss and gradient"), ...computeErrors },
    }),
    (c) => {
      const body = c.req.valid("json");
      const W = toNDArray(body.W);
      const x = toNDArray(body.x);
      let t = toNDArray(body.t);
      const inputs = x.shape[x.shape.length - 1];
      if (inputs !== W.shape[0]) {
        throw Problem.field("/x", text("error.dot-mismatch", { inputs, rows: W.shape[0] }));
      }
      const rows = x.shape.length === 1 ? 1 : x.shape[0];
      const classes = W.shape[1];
      const oneHotShape = x.shape.length === 1 ? [classes] : [rows, classes];
      const isOneHot = t.shape.length === oneHotShape.length && t.shape.every((d, i) => d === oneHotShape[i]);
      if (!isOneHot) {
        if (x.shape.length === 1 && t.shape.length === 1 && t.shape[0] === 1) t = { data: t.data, shape: [] };
        const labels = x.shape.length === 1 ? t.shape.length === 0 : t.shape.length === 1 && t.shape[0] === rows;
        if (!labels) {
          throw Problem.field(
            "/t",
            text("error.simplenet-t", { t: shapeString(t.shape), onehot: shapeString(oneHotShape), rows }),
          );
        }
        t.data.forEach((label, i) => {
          if (!Number.isInteger(label) || label < 0 || label >= classes) {
            throw Problem.field(
              t.shape.length ? `/t/${i}` : "/t",
              text("error.class-index", { label, max: classes - 1 }),
            );
          }
        });
      }
      // dW needs two loss evaluations per weight, each a rows × inputs × classes product.
      checkWork("/W", 2 * W.data.length * rows * inputs * classes, LIMITS.maxExpressionWork, text("what.this-dW"));
      const net = new SimpleNet(W);
      const p = net.predict(x);
      const argmax = rowArgmax(p.data, classes);
      const dW = net.numericalGradient(x, t);
      return c.json(
        {
          p: jsonArray(p.data, p.shape),
          argmax: x.shape.length === 1 ? argmax[0] : argmax,
          loss: jsonNumber(net.loss(x, t)),
          dW: jsonArray(dW.data, dW.shape),
        },
        200,
      );
    },
  );
}

function rowArgmax(data: Float64Array, classes: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < data.length / classes; r++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (data[r * classes + k] > data[r * classes + best]) best = k;
    out.push(best);
  }
  return out;
}
