import { OpenAPIHono, type RouteConfig, type z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { parsedJsonBody } from "./body";
import { validationProblem } from "./errors";

/** One resource's Hono sub-app (compute, models, ...), mounted by worker/app.ts with `app.route()`. */
export type Resource = OpenAPIHono<AppEnv>;

type Hook = (result: { success: boolean; error?: z.ZodError; data?: unknown }, c: Context<AppEnv>) => unknown;

/** A request that fails its zod schema becomes one 422 naming every bad field. */
const defaultHook: Hook = (result) => {
  if (!result.success) throw validationProblem(result.error?.issues ?? []);
};

/**
 * A resource's sub-app. Routes are declared with `app.openapi(createRoute(...), handler)` as usual;
 * for a route whose JSON body has a zod schema, the body middleware (jsonBody or streamedJsonBody
 * in the route's `middleware`) reads and parses the body once and the schema validates that object:
 * zod-openapi's own JSON validator, which would read and parse the body a second time, is not
 * installed. The document still shows the route with its body schema.
 */
export function resource(): Resource {
  const app: Resource = new OpenAPIHono<AppEnv>({ defaultHook: defaultHook as never });
  const register = app.openapi;
  app.openapi = ((route: RouteConfig, handler: never, hook?: Hook) => {
    const body = route.request?.body;
    const media = body?.content?.["application/json"];
    const schema = media && "schema" in media ? media.schema : undefined;
    if (!body || !isZod(schema)) return register(route as never, handler, hook as never);
    const { middleware, hide, ...documented } = route;
    if (!hide) app.openAPIRegistry.registerPath(documented);
    const { body: _validatedHere, ...request } = route.request ?? {};
    const before = middleware === undefined ? [] : Array.isArray(middleware) ? middleware : [middleware];
    return register(
      {
        ...route,
        hide: true,
        request,
        middleware: [...before, validateParsedJson(schema, body.required === true, hook ?? defaultHook)],
      } as never,
      handler,
      hook as never,
    );
  }) as typeof app.openapi;
  return app;
}

function isZod(schema: unknown): schema is z.ZodType {
  return typeof (schema as z.ZodType | undefined)?.safeParseAsync === "function";
}

/** Validates the object the body middleware parsed, as zod-openapi's validator would the body. */
function validateParsedJson(schema: z.ZodType, required: boolean, hook: Hook): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const value = parsedJsonBody(c.req.raw);
    if (value === undefined) {
      // A route with a zod JSON body and no body middleware is a mistake in its declaration.
      if (required) throw new Error(`${c.req.method} ${c.req.routePath}: declare jsonBody() in the route's middleware`);
      c.req.addValidatedData("json", {});
      return next();
    }
    const result = await schema.safeParseAsync(value);
    const answer = await hook({ ...result, data: result.success ? result.data : value }, c);
    if (answer instanceof Response) return answer;
    if (!result.success) return c.json(result.error, 400);
    c.req.addValidatedData("json", result.data as object);
    return next();
  };
}
