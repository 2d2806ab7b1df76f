import { createRoute, z } from "@hono/zod-openapi";
import { numericalDiff } from "../../core/book/numerical-diff";
import { numericalGradient } from "../../core/book/numerical-gradient";
import { expressionNs } from "../../core/cost/expression";
import { derivative, toSource, usesIndexing } from "../../core/expr";
import { text } from "../../core/i18n";
import { numericArray, toNDArray } from "../http/arrays";
import { jsonBody } from "../http/body";
import { arrayFunction, parseField, scalarFunction } from "../http/expression";
import { LIMITS } from "../http/limits";
import { jsonArray, jsonNumber } from "../http/numbers";
import { computeErrors, JsonArray, JsonNumber, jsonRequest, jsonResponse } from "../http/openapi";
import { Problem } from "../http/problem";
import type { Resource } from "../http/resource";
import { checkCpu, ESTIMATE_HEADER } from "../http/work";

export const FunctionField = z
  .string()
  .min(1)
  .max(1000)
  .openapi({
    description:
      "A function of x in Python/numpy syntax, as in the book: `0.01*x**2 + 0.1*x`, `x[0]**2 + x[1]**2`, " +
      "`np.sum(x**2)`, `np.exp(-x[0])`. Operators + - * / // % **, numbers, x and x[i], and np.sum, np.exp, " +
      "np.log, np.sin, np.cos, np.tan, np.sqrt, np.tanh, np.abs, np.mean, np.max, np.min, np.square, np.pi, np.e. " +
      "At most 1000 characters.",
    example: "0.01*x**2 + 0.1*x",
  });

const StepSize = z.number().positive().max(1).openapi({ description: "The step h (the book's 1e-4).", example: 1e-4 });

const DiffBody = z.object({
  f: FunctionField,
  x: z.number().openapi({ description: "The point at which to differentiate.", example: 5 }),
  h: StepSize.optional(),
  method: z
    .enum(["central", "forward"])
    .optional()
    .openapi({ description: "central (f(x+h)−f(x−h))/2h (default) or forward (f(x+h)−f(x))/h." }),
});

const GradientBody = z.object({
  f: FunctionField.openapi({ example: "x[0]**2 + x[1]**2" }),
  x: numericArray(
    { ranks: [1, 2, 3], maxElements: LIMITS.maxVariables },
    "The point: a vector, matrix or 3-d array of variables.",
    [3, 4],
  ),
  h: StepSize.optional(),
});

export function registerCalculus(app: Resource): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/diff",
      operationId: "numericalDiff",
      security: [],
      tags: ["Compute"],
      middleware: [jsonBody({ maxBytes: LIMITS.maxJsonBytes, keys: { known: Object.keys(DiffBody.shape) } })] as const,
      summary: "Numerical derivative (the book's numerical_diff)",
      description:
        "Central difference with h = 1e-4 by default, as the book. `exact` is the symbolic derivative evaluated at x " +
        "where the expression allows one, and `error` = value − exact.",
      request: jsonRequest(DiffBody, { f: "0.01*x**2 + 0.1*x", x: 5 }),
      responses: {
        200: jsonResponse(
          z
            .object({
              value: JsonNumber,
              exact: JsonNumber.optional(),
              error: JsonNumber.optional(),
              derivative: z.string().optional(),
            })
            .openapi("Derivative"),
          "The numerical derivative (0.1999999999990898 for the book's example)",
        ),
        ...computeErrors,
      },
    }),
    (c) => {
      const body = c.req.valid("json");
      const expr = parseField(body.f);
      if (usesIndexing(expr)) {
        throw Problem.field("/f", text("error.diff-indexes-x"));
      }
      const f = scalarFunction(expr);
      const value = numericalDiff(f, body.x, { h: body.h, method: body.method });
      const d = derivative(expr);
      if (!d) return c.json({ value: jsonNumber(value) }, 200);
      const exact = scalarFunction(d)(body.x);
      return c.json(
        {
          value: jsonNumber(value),
          exact: jsonNumber(exact),
          error: jsonNumber(value - exact),
          derivative: toSource(d),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/gradient",
      operationId: "numericalGradient",
      security: [],
      tags: ["Compute"],
      middleware: [
        jsonBody({ maxBytes: LIMITS.maxJsonBytes, keys: { known: Object.keys(GradientBody.shape) } }),
      ] as const,
      summary: "Numerical gradient (the book's numerical_gradient)",
      description:
        `Central differences for every element of x (vector or matrix), h = 1e-4. At most ` +
        `${LIMITS.maxVariables} variables.`,
      request: jsonRequest(GradientBody, { f: "x[0]**2 + x[1]**2", x: [3, 4] }),
      responses: {
        200: jsonResponse(
          z.object({ grad: JsonArray }).openapi("Gradient"),
          "The gradient, same shape as x ([6, 8] here)",
        ),
        ...computeErrors,
      },
    }),
    (c) => {
      const body = c.req.valid("json");
      const expr = parseField(body.f);
      const x = toNDArray(body.x);
      const n = x.data.length;
      const estimatedMs = (2 * n * expressionNs(expr, x.shape)) / 1e6;
      checkCpu("/x", estimatedMs, LIMITS.maxExpressionMs, text("what.this-gradient"));
      c.header(ESTIMATE_HEADER, String(Math.round(estimatedMs)));
      const grad = numericalGradient(arrayFunction(expr), x, body.h);
      return c.json({ grad: jsonArray(grad.data, grad.shape) }, 200);
    },
  );
}
