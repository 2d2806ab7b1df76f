import { OpenAPIHono } from "@hono/zod-openapi";
import { cors } from "hono/cors";
import { text } from "../core/i18n";
import { compute } from "./compute";
import { datasets } from "./datasets";
import type { AppEnv } from "./env";
import { grading } from "./grading";
import { BEARER_SCHEME } from "./http/auth";
import { onError } from "./http/errors";
import { language, requestLang } from "./http/lang";
import { documentLanguage } from "./http/openapi";
import { Problem } from "./http/problem";
import { securityHeaders } from "./http/security-headers";
import { ESTIMATE_HEADER } from "./http/work";
import { models } from "./models";
import { OPENAPI_DOCUMENT, pages } from "./pages";
import { rooms } from "./rooms";
import { training } from "./training";

export type App = OpenAPIHono<AppEnv>;

/** CPU of building the OpenAPI document once per isolate, stated in its first answer (ms). */
const DOCUMENT_BUILD_MS = 150;

/**
 * Builds the edgegrad app: CORS, one sub-app per resource (each owns its routes, schemas, store
 * and body caps), the OpenAPI document, and the one error handler.
 */
export function createApp(): App {
  const app: App = new OpenAPIHono<AppEnv>();

  // nosniff and a referrer policy everywhere; CSP (this origin only) and no framing for pages.
  app.use("*", securityHeaders);

  // Every message of a /v1 response (feedback, statements, errors) in ?lang= or Accept-Language.
  app.use("/v1/*", language);

  // Public routes are open to any origin (notebooks, course pages); admin verbs (PUT, DELETE)
  // and the Authorization header are deliberately not allowed cross-origin.
  app.use(
    "/v1/*",
    cors({
      origin: "*",
      allowMethods: ["GET", "POST", "OPTIONS"],
      allowHeaders: ["Content-Type", "Accept", "Accept-Language", "X-Student-Token"],
      maxAge: 86400,
    }),
  );

  app.route("/", pages);
  app.route("/v1", compute);
  app.route("/v1/models", models);
  app.route("/v1", datasets);
  app.route("/v1/assignments", grading);
  app.route("/v1", training);
  app.route("/v1/rooms", rooms);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", BEARER_SCHEME);
  // The generated document, with ?lang= and Accept-Language on every /v1 operation: built by the
  // first request an isolate gets for it, which states that work's CPU (51 and 99 ms in two
  // `npm run budgets` runs).
  let doc: unknown = null;
  app.get("/openapi.json", (c) => {
    if (doc === null) {
      doc = documentLanguage(app.getOpenAPI31Document(OPENAPI_DOCUMENT) as Parameters<typeof documentLanguage>[0]);
      c.header(ESTIMATE_HEADER, String(DOCUMENT_BUILD_MS));
    }
    return c.json(doc);
  });
  app.notFound((c) =>
    new Problem(404, text("error.no-route", { method: c.req.method, path: c.req.path })).toResponse(
      c.get("lang") ?? requestLang(c.req),
    ),
  );
  app.onError(onError);
  return app;
}
