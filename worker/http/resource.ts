import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { validationProblem } from "./errors";

/** One resource's Hono sub-app (compute, models, ...), mounted by worker/app.ts with `app.route()`. */
export type Resource = OpenAPIHono<AppEnv>;

/** A resource's sub-app: a request that fails its zod schema becomes one 422 naming every bad field. */
export function resource(): Resource {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationProblem(result.error.issues);
    },
  });
}
