import { OpenAPIHono } from "@hono/zod-openapi";
import { cors } from "hono/cors";
import type { AppEnv } from "./env";
import { onError, validationProblem } from "./http/errors";
import { jsonBody } from "./http/json-body";
import { Problem } from "./http/problem";
import { LIMITS } from "./limits";
import { registerAssignments } from "./routes/assignments";
import { registerCompute } from "./routes/compute";
import { registerHealth } from "./routes/health";
import { registerMeta } from "./routes/meta";
import { registerModels } from "./routes/models";
import { registerGradientCheck } from "./routes/gradient-check";
import { registerTrain } from "./routes/train";
import { TRAIN_LIMITS } from "./routes/train/limits";

export type App = OpenAPIHono<AppEnv>;

/** Builds the edgegrad app: middleware, every route group, the OpenAPI document, error mapping. */
export function createApp(): App {
  const app: App = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationProblem(result.error.issues);
    },
  });

  // Public routes are open to any origin (notebooks, course pages); admin verbs (PUT, DELETE)
  // and the Authorization header are deliberately not allowed cross-origin.
  app.use(
    "/v1/*",
    cors({ origin: "*", allowMethods: ["GET", "POST", "OPTIONS"], allowHeaders: ["Content-Type", "Accept", "X-Student-Token"], maxAge: 86400 }),
  );
  app.use("/v1/loss/*", jsonBody(LIMITS.maxJsonBytes));
  for (const path of ["/v1/softmax", "/v1/diff", "/v1/gradient", "/v1/descent", "/v1/simplenet"]) {
    app.use(path, jsonBody(LIMITS.maxJsonBytes));
  }

  app.use("/v1/train", jsonBody(TRAIN_LIMITS.maxJsonBytes));
  app.use("/v1/gradient-check", jsonBody(LIMITS.maxJsonBytes * 8));

  registerMeta(app);
  registerHealth(app);
  registerCompute(app);
  registerModels(app);
  registerAssignments(app);
  registerTrain(app);
  registerGradientCheck(app);

  app.notFound((c) => new Problem(404, `no route ${c.req.method} ${c.req.path}; see /docs for the API`).toResponse());
  app.onError(onError);
  return app;
}
