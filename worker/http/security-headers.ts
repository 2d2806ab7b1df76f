import type { MiddlewareHandler } from "hono";

/**
 * Headers that keep browsers from doing more with our responses than we mean: every response
 * is nosniff with a strict referrer policy; HTML (the classroom pages and /docs) also carries a
 * Content-Security-Policy that allows this origin only — every script and stylesheet of the
 * pages and of Swagger UI is a file under worker/public, none inline — and may not be framed
 * (the page has an admin-token field). Static files served without the Worker get the same
 * headers from worker/public/_headers.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; " +
  "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  const headers = c.res.headers;
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  if ((headers.get("content-type") ?? "").startsWith("text/html")) {
    headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.set("X-Frame-Options", "DENY");
  }
};
