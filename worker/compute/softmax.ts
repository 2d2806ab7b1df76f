import { createRoute, z } from "@hono/zod-openapi";
import { softmax } from "../../core/book/softmax";
import { numericArray, toNDArray } from "../http/arrays";
import { jsonBody } from "../http/body";
import { LIMITS } from "../http/limits";
import { jsonArray } from "../http/numbers";
import { computeErrors, JsonArray, jsonRequest, jsonResponse } from "../http/openapi";
import type { Resource } from "../http/resource";

const SoftmaxBody = z.object({
  x: numericArray(
    { ranks: [1, 2] },
    "Scores: a vector, or a matrix whose rows are normalised separately.",
    [0.3, 2.9, 4.0],
  ),
});

export function registerSoftmax(app: Resource): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/softmax",
      operationId: "softmax",
      security: [],
      tags: ["Compute"],
      middleware: [
        jsonBody({ maxBytes: LIMITS.maxJsonBytes, keys: { known: Object.keys(SoftmaxBody.shape) } }),
      ] as const,
      summary: "Softmax, max-subtracted, row-wise",
      description: "exp(x − max x) / Σ exp(x − max x): stable for any finite input, e.g. [1010, 1000, 990].",
      request: jsonRequest(SoftmaxBody, { x: [0.3, 2.9, 4.0] }),
      responses: {
        200: jsonResponse(z.object({ y: JsonArray }).openapi("Softmax"), "Probabilities, same shape as x"),
        ...computeErrors,
      },
    }),
    (c) => {
      const x = toNDArray(c.req.valid("json").x);
      const y = softmax(x);
      return c.json({ y: jsonArray(y.data, y.shape) }, 200);
    },
  );
}
