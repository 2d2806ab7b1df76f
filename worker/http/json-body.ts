import type { MiddlewareHandler } from "hono";
import { Problem } from "./problem";

/**
 * Reads a JSON request body once, before any validator: enforces the content type (415), the
 * size cap (413, checked on Content-Length before reading and on the bytes read), and turns a
 * syntax error into a 400 that says where the JSON broke. The parsed value is cached on the
 * request so `c.req.valid("json")` / `c.req.json()` reuse it.
 */
const JSON_TYPE = /^application\/([\w.-]+\+)?json$/;

export function jsonBody(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD" || c.req.method === "DELETE") return next();
    const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
    // `curl -d '{...}'` without -H labels JSON as form data; a body that is a JSON object is
    // read as JSON anyway, so the book's one-line curl commands work as typed.
    const curlForm = type === "application/x-www-form-urlencoded";
    if (!JSON_TYPE.test(type) && !curlForm) {
      throw new Problem(415, `expected Content-Type: application/json, got ${type || "none"}`, {
        errors: [{ pointer: "", message: "send a JSON body" }],
      });
    }
    const declared = Number(c.req.header("content-length") ?? "0");
    if (declared > maxBytes) throw tooLarge(maxBytes);
    const text = await readText(c.req.raw, maxBytes);
    if (curlForm && !text.trimStart().startsWith("{")) {
      throw new Problem(415, "expected a JSON body: this looks like form data; send JSON with -H 'Content-Type: application/json'", {
        errors: [{ pointer: "", message: "send a JSON body" }],
      });
    }
    // The validators read the header again: give them the canonical JSON type (curl's form
    // label, or case and whitespace variants such as "Application/JSON ; charset=utf-8").
    const canonical = curlForm ? "application/json" : type;
    if ((c.req.header("content-type") ?? "").split(";")[0] !== canonical) {
      const headers = new Headers(c.req.raw.headers);
      headers.set("content-type", canonical);
      c.req.raw = new Request(c.req.raw.url, { method: c.req.method, headers, signal: c.req.raw.signal });
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new Problem(400, `malformed JSON: ${(err as Error).message}`, {
        errors: [{ pointer: "", message: "the body is not valid JSON (NaN and Infinity are not JSON numbers)" }],
      });
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new Problem(400, "the JSON body must be an object", {
        errors: [{ pointer: "", message: "expected a JSON object such as {\"x\": [1, 2]}" }],
      });
    }
    // Hono's validators read c.req.json(), which returns this cached value.
    (c.req as unknown as { bodyCache: Record<string, unknown> }).bodyCache.json = Promise.resolve(value);
    return next();
  };
}

export function tooLarge(maxBytes: number): Problem {
  return new Problem(413, `request body larger than ${maxBytes} bytes`, {
    errors: [{ pointer: "", message: `at most ${maxBytes} bytes` }],
    extra: { limit: maxBytes },
  });
}

/** Reads a body as bytes, stopping as soon as it exceeds maxBytes (no unbounded buffering). */
export async function readBytes(req: Request, maxBytes: number): Promise<Uint8Array> {
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

async function readText(req: Request, maxBytes: number): Promise<string> {
  return new TextDecoder().decode(await readBytes(req, maxBytes));
}
