import type { MiddlewareHandler } from "hono";
import { type Text, text } from "../../core/i18n";
import type { AppEnv } from "../env";
import { Problem } from "./problem";

/**
 * Admin routes: `Authorization: Bearer <ADMIN_TOKEN>`. The comparison is constant-time: both
 * the presented and the configured token are reduced to HMAC-SHA256 digests under a key drawn
 * per isolate, and the digests are compared in full, so neither the length nor the first
 * differing byte of the secret leaks through timing. The token is never logged or echoed.
 */
let hmacKey: Promise<CryptoKey> | null = null;

function key(): Promise<CryptoKey> {
  hmacKey ??= crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign"]) as Promise<CryptoKey>;
  return hmacKey;
}

async function digest(value: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", await key(), new TextEncoder().encode(value)));
}

/** True when a and b are equal; the time taken does not depend on where they differ. */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const [da, db] = await Promise.all([digest(a), digest(b)]);
  let diff = 0;
  for (let i = 0; i < da.length; i++) diff |= da[i] ^ db[i];
  return diff === 0;
}

const unauthorized = (message: Text): Problem =>
  new Problem(401, message, {
    errors: [{ pointer: "", message: text("error.auth-field") }],
    headers: { "WWW-Authenticate": 'Bearer realm="edgegrad"' },
  });

/** The OpenAPI security scheme of the admin routes (`security: [{ bearer: [] }]`). */
export const BEARER_SCHEME = {
  type: "http",
  scheme: "bearer",
  description:
    "Authorization: Bearer <ADMIN_TOKEN> (admin routes only; writes are refused when no token is configured)",
} as const;

export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const secret = c.env.ADMIN_TOKEN;
  if (!secret) {
    throw new Problem(403, text("error.writes-disabled"), {
      errors: [{ pointer: "", message: text("error.writes-disabled-field") }],
    });
  }
  const header = c.req.header("authorization");
  if (!header) throw unauthorized(text("error.auth-missing"));
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!match) throw unauthorized(text("error.auth-malformed"));
  if (!(await constantTimeEqual(match[1], secret))) throw unauthorized(text("error.auth-invalid"));
  await next();
};
