import type { MiddlewareHandler } from "hono";
import { type Lang, negotiate } from "../../core/i18n";
import type { AppEnv } from "../env";

/** The request's language: `?lang=en|ko` wins, then Accept-Language, then English. */
export const requestLang = (req: {
  query(name: string): string | undefined;
  header(name: string): string | undefined;
}): Lang => negotiate(req.query("lang"), req.header("accept-language"));

/**
 * Sets `c.var.lang` for every message a route writes (feedback, statements, problem+json), and
 * says which language the response speaks: Content-Language, and Vary: Accept-Language for caches.
 */
export const language: MiddlewareHandler<AppEnv> = async (c, next) => {
  const lang = requestLang(c.req);
  c.set("lang", lang);
  await next();
  try {
    c.res.headers.set("Content-Language", lang);
    c.res.headers.append("Vary", "Accept-Language");
  } catch {
    // a response with immutable headers (fetched from elsewhere): copy it once
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set("Content-Language", lang);
    c.res.headers.append("Vary", "Accept-Language");
  }
};
