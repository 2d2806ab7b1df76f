/**
 * A per-client token bucket for expensive routes, keyed by the client's IP (CF-Connecting-IP,
 * which Cloudflare's edge sets on every request). Kept in a per-isolate Map rather than KV:
 * KV is eventually consistent (a counter written in one location is seen elsewhere up to 60 s
 * later) and each write costs more than the check it protects, so a KV counter would neither be
 * exact nor cheap. A per-isolate bucket bounds what one client can make one isolate do, which
 * is the CPU this limit protects; a client spread over many isolates gets a bucket in each
 * (use Cloudflare's Rate Limiting rules or a Durable Object for a global limit).
 * Requests without CF-Connecting-IP did not come through the edge (tests, local tools) and are
 * not limited.
 */

import { type Text, text } from "../../core/i18n";
import { Problem } from "./problem";

export interface BucketRule {
  /** Tokens a client may spend at once. */
  capacity: number;
  /** Tokens returned per second. */
  refillPerSecond: number;
  /** Clients remembered per isolate (least recently seen forgotten first). */
  maxClients?: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly rule: BucketRule,
    private readonly now: () => number = Date.now,
  ) {}

  /** Spends `cost` tokens of `key`; returns 0 when allowed, else the seconds to wait. */
  take(key: string, cost = 1): number {
    const { capacity, refillPerSecond } = this.rule;
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: capacity, at: now };
    b.tokens = Math.min(capacity, b.tokens + ((now - b.at) / 1000) * refillPerSecond);
    b.at = now;
    this.buckets.delete(key); // re-insert: the Map's order is least recently seen first
    this.buckets.set(key, b);
    for (const k of this.buckets.keys()) {
      if (this.buckets.size <= (this.rule.maxClients ?? 10_000)) break;
      this.buckets.delete(k);
    }
    const need = Math.min(cost, capacity);
    if (b.tokens >= need) {
      b.tokens -= need;
      return 0;
    }
    return Math.max(1, Math.ceil((need - b.tokens) / refillPerSecond));
  }
}

export function clientKey(req: Request): string | null {
  return req.headers.get("cf-connecting-ip");
}

/** Throws a 429 with Retry-After when the client has no tokens left for `cost`. */
export function enforceRateLimit(limiter: RateLimiter, req: Request, cost: number, what: Text): void {
  const key = clientKey(req);
  if (key === null) return;
  const wait = limiter.take(key, cost);
  if (wait === 0) return;
  const { capacity, refillPerSecond } = limiter.rule;
  throw new Problem(
    429,
    text("error.rate-limited", { what, capacity, per_minute: Math.round(refillPerSecond * 60), wait }),
    {
      errors: [{ pointer: "", message: text("error.rate-limited-field", { wait }) }],
      headers: { "Retry-After": String(wait) },
      extra: { retry_after: wait },
    },
  );
}

/**
 * The per-client limit across isolates and locations: the Workers Rate Limiting binding (see
 * wrangler.jsonc "ratelimits"), keyed on CF-Connecting-IP, which Cloudflare's edge sets on every
 * request (a client cannot choose it there). Locally `wrangler dev` and Miniflare pass a client's
 * own CF-Connecting-IP header through, so the limit only binds on Cloudflare; requests without
 * the header did not come through the edge (tests, local tools) and are not limited.
 */
export async function enforceClientLimit(
  limiter: RateLimit,
  req: Request,
  route: string,
  what: Text,
  perMinute: number,
): Promise<void> {
  const key = clientKey(req);
  if (key === null) return;
  const { success } = await limiter.limit({ key: `${route}:${key}` });
  if (success) return;
  throw new Problem(429, text("limit.client", { what, per_minute: perMinute, wait: 60 }), {
    errors: [{ pointer: "", message: text("error.rate-limited-field", { wait: 60 }) }],
    headers: { "Retry-After": "60" },
    extra: { retry_after: 60 },
  });
}

/**
 * The binding limits of wrangler.jsonc (a test checks they agree), quoted in 429s and the OpenAPI
 * text. Submissions are generous because a classroom shares one school address: 40 students
 * checking a problem every 10 s is 240 a minute; each student is still held to the assignment's
 * own spacing and attempt limits.
 */
export const CLIENT_LIMITS = { jobs: 30, compute: 120, submissions: 300 } as const;
