import { createRoute, z } from "@hono/zod-openapi";
import { type GradientDescentResult, gradientDescent } from "../../core/book/gradient-descent";
import { numericalGradient } from "../../core/book/numerical-gradient";
import { expressionNs } from "../../core/cost/expression";
import { type Lang, text } from "../../core/i18n";
import type { NDArray } from "../../core/ndarray";
import { numericArray, toNDArray } from "../http/arrays";
import { jsonBody } from "../http/body";
import { arrayFunction, parseField } from "../http/expression";
import { sentAs } from "../http/keys";
import { LIMITS } from "../http/limits";
import { jsonArray, jsonNumber, jsonNumbers } from "../http/numbers";
import { computeErrors, JsonArray, JsonNumber, jsonRequest, jsonResponse } from "../http/openapi";
import { Problem } from "../http/problem";
import { CLIENT_LIMITS, enforceClientLimit } from "../http/rate-limit";
import type { Resource } from "../http/resource";
import { type SseSink, sseResponse, wantsEventStream } from "../http/sse";
import { checkCpu, ESTIMATE_HEADER } from "../http/work";
import { FunctionField } from "./calculus";
import { descentVerdict } from "./descent-verdict";

// The book's call: gradient_descent(function_2, init_x=init_x, lr=0.1, step_num=100).
const BOOK = { f: "x[0]**2 + x[1]**2", init_x: [-3, 4], lr: 0.1, step_num: 100 };

/** Earlier names still accepted (alias -> the book's name); sending both is a 422. */
const ALIASES = { init: "init_x", steps: "step_num", learning_rate: "lr" } as const;

const initX = (description: string) =>
  numericArray({ ranks: [1, 2], maxElements: LIMITS.maxVariables }, description, BOOK.init_x).optional();
const learningRate = () => z.number().positive();
const stepNum = () => z.number().int().min(0).max(LIMITS.maxSteps);
const alias = (name: string) => ({ description: `Another name for ${name}.`, deprecated: true });

const DescentFields = {
  f: FunctionField.openapi({ example: BOOK.f }),
  init_x: initX("The starting point init_x (required; also accepted as init)."),
  lr: learningRate().optional().openapi({
    description: "Learning rate lr (default 0.01, as the book; also accepted as learning_rate).",
    example: 0.1,
  }),
  step_num: stepNum()
    .optional()
    .openapi({
      description: `Number of steps step_num (default 100, as the book; also accepted as steps); at most ${LIMITS.maxSteps}.`,
      example: 100,
    }),
  init: initX("Another name for init_x.").openapi({ deprecated: true }),
  learning_rate: learningRate().optional().openapi(alias("lr")),
  steps: stepNum().optional().openapi(alias("step_num")),
  history: z.boolean().optional().openapi({ description: "Also return x before each step and f(x) at each step." }),
  h: z.number().positive().max(1).optional().openapi({ description: "Step of the numerical gradient (1e-4)." }),
  progress_every: z.number().int().min(1).max(LIMITS.maxSteps).optional().openapi({
    description: "Streaming mode (Accept: text/event-stream): steps between progress events (default step_num/100).",
  }),
};

const DescentBody = z
  .object(DescentFields)
  .strict()
  .refine((b) => b.init_x !== undefined || b.init !== undefined, {
    path: ["init_x"],
    params: { text: text("error.required") },
  });

const DESCENT_KEYS = { known: Object.keys(DescentFields), aliases: ALIASES };

const DescentAnswer = z
  .object({
    x: JsonArray,
    value: JsonNumber,
    converged: z.boolean(),
    diverged: z.boolean(),
    stalled: z.boolean(),
    message: z.string(),
    history: JsonArray.optional(),
    values: z.array(JsonNumber).optional(),
  })
  .openapi("Descent");

export function registerDescent(app: Resource): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/descent",
      operationId: "gradientDescent",
      security: [],
      tags: ["Compute"],
      middleware: [jsonBody({ maxBytes: LIMITS.maxJsonBytes, keys: DESCENT_KEYS })] as const,
      summary: "Gradient descent (the book's gradient_descent)",
      description:
        "x ← x − lr·∇f(x) for `step_num` steps with the numerical gradient, from `init_x`, as the book's " +
        "gradient_descent(f, init_x, lr=0.01, step_num=100) (init, learning_rate and steps are accepted as other names). The verdict says in words whether " +
        "it converged, diverged (lr too large: try lr = 10) or stalled (lr too small: try lr = 1e-10). " +
        `Caps: ${LIMITS.maxSteps} steps, ${LIMITS.maxVariables} variables, history of at most 10^6 numbers, ${LIMITS.maxExpressionMs} ms of estimated CPU ` +
        `(each expression node costed by its kind and size; X-Work-Estimate-Ms states it), a body of ${LIMITS.maxJsonBytes} bytes; ` +
        `${CLIENT_LIMITS.compute} descents a minute per client address. ` +
        "With `Accept: text/event-stream` the descent streams `progress` events {step, steps, x, value} while it runs and a " +
        "`done` event with this answer.",
      request: jsonRequest(DescentBody, BOOK),
      responses: {
        200: {
          ...jsonResponse(
            DescentAnswer,
            "The final x ([-6.111107928998789e-10, 8.148143905314271e-10] for the book), or the event stream",
          ),
          content: {
            "application/json": { schema: DescentAnswer },
            "text/event-stream": {
              schema: { type: "string" },
              example: 'event: progress\ndata: {"step":1,"steps":100,"x":[-2.4,3.2],"value":16}\n\n',
            },
          },
        },
        ...computeErrors,
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const expr = parseField(body.f);
      const init = toNDArray((body.init_x ?? body.init) as NonNullable<Body["init_x"]>);
      const lr = body.lr ?? body.learning_rate ?? 0.01;
      const steps = body.step_num ?? body.steps ?? 100;
      const n = init.data.length;
      // steps of 2n + 1 evaluations, and one more round for the final value and gradient.
      const estimatedMs = ((steps + 1) * (2 * n + 1) * expressionNs(expr, init.shape)) / 1e6;
      checkCpu(`/${sentAs(body, "step_num", "steps")}`, estimatedMs, LIMITS.maxExpressionMs, text("what.this-descent"));
      await enforceClientLimit(
        c.env.COMPUTE_LIMITER,
        c.req.raw,
        "descent",
        text("what.descents"),
        CLIENT_LIMITS.compute,
      );
      c.header(ESTIMATE_HEADER, String(Math.round(estimatedMs)));
      if (body.history && steps * n > 1_000_000) {
        throw Problem.field("/history", text("error.history-cap", { steps, n }));
      }
      const f = arrayFunction(expr);
      if (wantsEventStream(c.req.header("accept"))) {
        const response = sseResponse((sink) => streamDescent(sink, f, init, lr, steps, body, c.get("lang")), {
          lang: c.get("lang"),
        });
        response.headers.set(ESTIMATE_HEADER, String(Math.round(estimatedMs)));
        return response as never;
      }
      const result = gradientDescent(f, init, { lr, stepNum: steps, h: body.h });
      return c.json(answer(f, init, result, lr, body, c.get("lang")), 200);
    },
  );
}

type Body = z.infer<typeof DescentBody>;

/** The JSON answer: final x and f(x), the verdict in words, and the history when asked. */
function answer(
  f: (x: NDArray) => number,
  init: NDArray,
  result: GradientDescentResult,
  lr: number,
  body: Body,
  lang: Lang,
) {
  const finalValue = f(result.x);
  const grad = numericalGradient(f, result.x, body.h);
  const gradNorm = Math.hypot(...grad.data);
  const verdict = descentVerdict(init, result.x, result.values, finalValue, gradNorm, lr, lang);
  return {
    x: jsonArray(result.x.data, result.x.shape),
    value: jsonNumber(finalValue),
    ...verdict,
    ...(body.history
      ? { history: result.history.map((h) => jsonArray(h.data, h.shape)), values: jsonNumbers(result.values) }
      : {}),
  };
}

/**
 * The streaming mode (Accept: text/event-stream): the same descent run progress_every steps at
 * a time (each chunk continues from the last x, so the path is bit-for-bit the JSON mode's),
 * a `progress` event {step, steps, x, value} after each chunk, then `done` with the JSON answer.
 */
async function streamDescent(
  sink: SseSink,
  f: (x: NDArray) => number,
  init: NDArray,
  lr: number,
  steps: number,
  body: Body,
  lang: Lang,
): Promise<void> {
  const every = body.progress_every ?? Math.max(1, Math.ceil(steps / 100));
  const result: GradientDescentResult = { x: init, history: [], values: [] };
  for (let done = 0; done < steps; ) {
    if (sink.cancelled) return;
    const chunk = gradientDescent(f, result.x, { lr, stepNum: Math.min(every, steps - done), h: body.h });
    for (const h of chunk.history) result.history.push(h);
    for (const v of chunk.values) result.values.push(v);
    result.x = chunk.x;
    done += chunk.values.length;
    await sink.send("progress", {
      step: done,
      steps,
      x: jsonArray(result.x.data, result.x.shape),
      value: jsonNumber(f(result.x)),
    });
  }
  if (sink.cancelled) return;
  await sink.send("done", answer(f, init, result, lr, body, lang));
}
