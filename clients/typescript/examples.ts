/**
 * The README's curl examples through a typed client: openapi-fetch over the types that
 * openapi-typescript generates from the Worker's /openapi.json (schema.d.ts, `npm run
 * client:types`). Paths, parameters, bodies and answers are all checked by `tsc`: a renamed
 * field or route fails `npm run typecheck`. test/node/openapi.test.ts runs them against the Worker.
 *
 *   npx vite-node clients/typescript/examples.ts [http://localhost:8787]
 */
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

export type Client = ReturnType<typeof createClient<paths>>;
type Problem = components["schemas"]["Problem"];

/** A client for the Worker at `baseUrl` (`npm start` serves http://localhost:8787). */
export function edgegrad(baseUrl = "http://localhost:8787"): Client {
  return createClient<paths>({ baseUrl });
}

/** The answer, or an Error carrying the problem+json detail. */
function answer<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) {
    const problem = result.error as Partial<Problem> | undefined;
    throw new Error(`${result.response.status} ${problem?.detail ?? result.response.statusText}`);
  }
  return result.data;
}

/** The book's "2", guessed right (0.6 on 2) and wrong (0.6 on 7). */
const RIGHT = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];
const WRONG = [0.1, 0.05, 0.0, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0];
const TWO = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0];

/** Mean squared error, guessed right and wrong: 0.09750000000000003 and 0.6925. */
export async function meanSquaredError(api: Client): Promise<[number, number]> {
  const right = answer(await api.POST("/v1/loss/mse", { body: { y: RIGHT, t: TWO } }));
  const wrong = answer(await api.POST("/v1/loss/mse", { body: { y: WRONG, t: TWO } }));
  return [Number(right.loss), Number(wrong.loss)];
}

/** Cross-entropy error, one-hot and as a label: 0.510825457099338 and 16.11809565095832. */
export async function crossEntropyError(api: Client): Promise<[number, number]> {
  const oneHot = answer(await api.POST("/v1/loss/cross-entropy", { body: { y: RIGHT, t: TWO } }));
  const label = answer(await api.POST("/v1/loss/cross-entropy", { body: { y: WRONG, t: 2 } }));
  return [Number(oneHot.loss), Number(label.loss)];
}

/** Softmax of large scores (max-subtracted, so no overflow). */
export async function softmax(api: Client) {
  return answer(await api.POST("/v1/softmax", { body: { x: [1010, 1000, 990] } })).y;
}

/** The numerical derivative of 0.01x² + 0.1x at 5, with the exact value. */
export async function numericalDiff(api: Client) {
  return answer(await api.POST("/v1/diff", { body: { f: "0.01*x**2 + 0.1*x", x: 5 } }));
}

/** The gradient of x0² + x1² at (3, 4). */
export async function numericalGradient(api: Client) {
  return answer(await api.POST("/v1/gradient", { body: { f: "x[0]**2 + x[1]**2", x: [3, 4] } })).grad;
}

/** Gradient descent from (−3, 4), lr = 0.1, 100 steps. */
export async function gradientDescent(api: Client) {
  const result = answer(
    await api.POST("/v1/descent", { body: { f: "x[0]**2 + x[1]**2", init_x: [-3, 4], lr: 0.1, step_num: 100 } }),
  );
  // With Accept: text/event-stream the route streams its steps instead; JSON is the default.
  if (typeof result === "string") throw new Error("expected JSON");
  return result;
}

/** The book's simpleNet with the W it prints, x = [0.6, 0.9], answer 2. */
export async function simpleNet(api: Client) {
  const W = [
    [0.47355232, 0.9977393, 0.84668094],
    [0.85557411, 0.03563661, 0.69422093],
  ];
  return answer(await api.POST("/v1/simplenet", { body: { W, x: [0.6, 0.9], t: [0, 0, 1] } }));
}

/** An expression with a syntax error: the problem+json names the field and the column. */
export async function syntaxError(api: Client): Promise<Problem> {
  const { error, response } = await api.POST("/v1/gradient", { body: { f: "x[0]**2 + (x[1]", x: [3, 4] } });
  if (!error) throw new Error(`expected a 422, got ${response.status}`);
  return error as Problem;
}

/** The stored networks, a held-out digit, its prediction, and the accuracy on the test split. */
export async function networks(api: Client) {
  const models = answer(await api.GET("/v1/models")).models;
  const samples = answer(
    await api.GET("/v1/mnist/samples", { params: { query: { split: "test", n: "1", seed: "1" } } }),
  );
  // The route also answers raw bytes (?format=u8); JSON is the default.
  if (typeof samples === "string") throw new Error("expected JSON samples");
  const name = "mnist-two-layer";
  const predicted = answer(
    await api.POST("/v1/models/{name}/predict", { params: { path: { name } }, body: { x: samples.x } }),
  );
  const evaluation = answer(
    await api.POST("/v1/models/{name}/evaluate", { params: { path: { name }, query: { split: "test" } } }),
  );
  return { models, samples, predicted, evaluation };
}

/** A student's variant of the chapter's assignment. */
export async function variant(api: Client) {
  return answer(
    await api.GET("/v1/assignments/{id}/variant", {
      params: { path: { id: "dlfs-ch04" }, query: { student: "alice" } },
    }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const api = edgegrad(process.argv[2]);
  for (const example of [
    meanSquaredError,
    crossEntropyError,
    softmax,
    numericalDiff,
    numericalGradient,
    gradientDescent,
    simpleNet,
    syntaxError,
  ]) {
    console.log(example.name, JSON.stringify(await example(api)));
  }
  const { predicted, evaluation } = await networks(api);
  console.log("predict", predicted.predictions[0].label, "evaluate", evaluation.accuracy);
}
