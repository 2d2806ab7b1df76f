import type { MiddlewareHandler } from "hono";
import { type Text, text, textOf } from "../../core/i18n";
import {
  JsonStreamError,
  type ObjectSpec,
  readJsonStream,
  type StreamedArray,
  type StreamedObject,
} from "../../core/io/json-stream";
import { MultipartParser, multipartBoundary } from "../../core/io/multipart";
import { type BodyKeys, checkKeys, unknownKeys } from "./keys";
import { Problem } from "./problem";

/**
 * The one way a request body is read: its media type parsed once, its bytes read with the
 * size cap enforced while they stream in (a Content-Length over the cap is refused early, but
 * a small or missing one is never trusted), and JSON parsed with a 400 that says where it broke.
 *
 *   readBytes(req, {maxBytes})      binary bodies (npy, npz, uint8 rows, PNG)
 *   readJson(req, {maxBytes})       a JSON object, for handlers that read the body themselves
 *   readMultipart(req, {maxBytes})  multipart/form-data as FormData
 *   jsonBody({maxBytes, keys})      route middleware for zod-validated JSON routes: declared in
 *                                   the route's `middleware`, so each route states its own cap
 *                                   (and its keys: unknown ones are a 422 with a did-you-mean)
 *   readJsonFields(req, spec, {maxBytes})   a JSON object read by the streaming reader
 *                                   (core/io/json-stream): number arrays straight into typed
 *                                   arrays, undeclared keys refused as soon as they are read
 *   streamedJsonBody(arrays, keys, {maxBytes})  route middleware for routes with digit matrices
 *                                   (unknown keys named together, each with a did-you-mean)
 *   readFormFields(req, capOf, {maxBytes})  multipart/form-data streamed part by part, each field
 *                                   held only up to its own cap (undeclared fields refused)
 */
export interface BodyLimit {
  maxBytes: number;
}

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/;

/** The media type's essence, lower case: "application/json; charset=utf-8" -> "application/json". */
export function mediaType(req: Request): string {
  return (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
}

export function isJsonType(type: string): boolean {
  return JSON_TYPE.test(type);
}

export function tooLarge(maxBytes: number): Problem {
  return new Problem(413, text("error.too-large", { bytes: maxBytes }), {
    errors: [{ pointer: "", message: text("error.too-large-field", { bytes: maxBytes }) }],
    extra: { limit: maxBytes },
  });
}

export function unsupported(type: string, accepted: readonly string[]): Problem {
  return new Problem(415, text("error.unsupported-type", { type: type || "(none)", accepted: accepted.join(", ") }), {
    errors: [{ pointer: "", message: text("error.accepted-types", { accepted: accepted.join(", ") }) }],
  });
}

/** The body's bytes, stopping as soon as they exceed maxBytes (no unbounded buffering). */
export async function readBytes(req: Request, { maxBytes }: BodyLimit): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  if (declared > 0) {
    // The size is declared: one buffer, filled as the chunks come (never the chunks and a copy).
    const out = new Uint8Array(declared);
    let at = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (at + value.byteLength > declared) {
        await reader.cancel();
        throw new Problem(400, text("body.longer-than-declared", { bytes: declared }), {
          errors: [{ pointer: "", message: text("body.length-mismatch") }],
        });
      }
      out.set(value, at);
      at += value.byteLength;
    }
    return at === declared ? out : out.subarray(0, at);
  }
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

export async function readText(req: Request, limit: BodyLimit): Promise<string> {
  return new TextDecoder().decode(await readBytes(req, limit));
}

/** Parses JSON text that must be an object; 400 otherwise. */
export function parseJsonObject(source: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (err) {
    throw new Problem(400, text("error.malformed-json", { reason: (err as Error).message }), {
      errors: [{ pointer: "", message: text("error.malformed-json-field") }],
    });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Problem(400, text("error.body-not-object"), {
      errors: [{ pointer: "", message: text("error.body-not-object-field") }],
    });
  }
  return value as Record<string, unknown>;
}

/** A JSON object body (the caller has checked the media type). */
export async function readJson(req: Request, limit: BodyLimit): Promise<Record<string, unknown>> {
  return parseJsonObject(await readText(req, limit));
}

/** A multipart/form-data body, read within the cap before it is parsed. */
export async function readMultipart(req: Request, limit: BodyLimit): Promise<FormData> {
  const bytes = await readBytes(req, limit);
  try {
    return await new Response(bytes, { headers: { "content-type": req.headers.get("content-type") ?? "" } }).formData();
  } catch (err) {
    throw new Problem(400, text("error.multipart-malformed", { reason: (err as Error).message }), {
      errors: [{ pointer: "", message: text("error.multipart-field") }],
    });
  }
}

const parsedBodies = new WeakMap<Request, Record<string, unknown>>();

/**
 * The JSON object jsonBody or streamedJsonBody parsed from this request (streamedJsonBody: the
 * option fields), for the route's zod schema (worker/http/resource.ts); undefined if neither ran.
 */
export function parsedJsonBody(req: Request): Record<string, unknown> | undefined {
  return parsedBodies.get(req);
}

/**
 * Route middleware for a JSON route: 415 unless the body is JSON (or curl's form label on a JSON
 * object), 413 over `maxBytes`, 400 (saying where) when it is not a JSON object. The body is parsed
 * here, once: the route's zod schema validates this object (worker/http/resource.ts), so nothing
 * reads or parses the body again. Used as `createRoute({ ..., middleware: [jsonBody({ maxBytes })] })`.
 */
export function jsonBody(
  limit: BodyLimit & { keys?: BodyKeys; check?: (body: Record<string, unknown>) => void },
): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD" || c.req.method === "DELETE") return next();
    const type = mediaType(c.req.raw);
    // `curl -d '{...}'` without -H labels JSON as form data; a body that is a JSON object is
    // read as JSON anyway, so the book's one-line curl commands work as typed.
    const curlForm = type === "application/x-www-form-urlencoded";
    if (!isJsonType(type) && !curlForm) {
      throw new Problem(415, text("error.content-type", { type: type || "none" }), {
        errors: [{ pointer: "", message: text("error.send-json") }],
      });
    }
    const bytes = await readBytes(c.req.raw, limit);
    const source = new TextDecoder().decode(bytes);
    if (curlForm && !source.trimStart().startsWith("{")) {
      throw new Problem(415, text("error.form-not-json"), {
        errors: [{ pointer: "", message: text("error.send-json") }],
      });
    }
    const body = parseJsonObject(source);
    if (limit.keys) checkKeys(body, limit.keys);
    limit.check?.(body); // a route's own check of the raw object, before zod
    parsedBodies.set(c.req.raw, body);
    return next();
  };
}

/** A refusal of the streaming reader as problem+json (413s state the limit). */
export function streamProblem(err: JsonStreamError): Problem {
  const malformed = err.status === 400;
  return new Problem(err.status, err.text, {
    prefix: malformed ? "" : `${err.pointer || "body"}: `,
    errors: [{ pointer: err.pointer, message: malformed ? text("error.malformed-json-field") : err.text }],
    ...(err.limit !== undefined ? { extra: { limit: err.limit } } : {}),
  });
}

/**
 * A JSON object body read by the streaming reader: its number arrays straight into typed
 * arrays, refused at the first wrong byte (an undeclared key, nesting past the rank, a ragged
 * row), never parsed whole; 413 on Content-Length first, and while streaming. With `keys`,
 * undeclared keys (each value at most 1 KB, then dropped) are named together in one 422.
 */
export async function readJsonFields(
  req: Request,
  spec: ObjectSpec,
  { maxBytes }: BodyLimit,
  keys?: BodyKeys,
): Promise<StreamedObject> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  let body: StreamedObject;
  try {
    body = await readJsonStream(req.body, spec, maxBytes, keys ? { kind: "value", maxBytes: 1024 } : undefined);
  } catch (err) {
    if (err instanceof JsonStreamError && err.unknownKeys && keys) throw unknownKeys(err.unknownKeys, keys);
    if (err instanceof JsonStreamError) throw streamProblem(err);
    throw err;
  }
  if (keys && body.unknown.length) throw unknownKeys(body.unknown, keys);
  return body;
}

const streamed = new WeakMap<Request, Map<string, StreamedArray>>();

/** The typed arrays streamedJsonBody read from this request's body, by field name. */
export function streamedArrays(req: Request): Map<string, StreamedArray> {
  return streamed.get(req) ?? new Map();
}

/**
 * jsonBody for routes that take digit matrices: the `arrays` fields stream into typed arrays
 * (streamedArrays(c.req.raw)); the `keys` (the route's small option fields) are parsed and handed
 * to its zod schema as the body; any other key is refused as soon as it is read. Options are at
 * most maxValueBytes each.
 */
export function streamedJsonBody(
  arrays: ObjectSpec,
  keys: BodyKeys,
  limit: BodyLimit,
  maxValueBytes = 1024,
): MiddlewareHandler {
  const spec: Record<string, ObjectSpec[string]> = { ...arrays };
  for (const key of keys.known) if (!(key in spec)) spec[key] = { kind: "value", maxBytes: maxValueBytes };
  return async (c, next) => {
    if (c.req.method !== "POST" && c.req.method !== "PUT") return next();
    const type = mediaType(c.req.raw);
    if (!isJsonType(type)) {
      throw new Problem(415, text("error.content-type", { type: type || "none" }), {
        errors: [{ pointer: "", message: text("error.send-json") }],
      });
    }
    const body = await readJsonFields(c.req.raw, spec, limit, keys);
    checkKeys({ ...body.values, ...Object.fromEntries(body.arrays) }, keys);
    parsedBodies.set(c.req.raw, { ...body.values });
    streamed.set(c.req.raw, body.arrays);
    return next();
  };
}

export interface FormField {
  bytes: Uint8Array;
  filename: string | null;
  contentType: string | null;
}

/**
 * A multipart/form-data body streamed through core/io/multipart: each field is kept only up to
 * its own cap (capOf(name); null = not accepted, a 422 naming it), refused with a 413 naming the
 * field as soon as it passes the cap, and the whole body within maxBytes. Nothing else is held.
 */
export async function readFormFields(
  req: Request,
  capOf: (name: string) => number | null,
  { maxBytes }: BodyLimit,
): Promise<Map<string, FormField>> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const boundary = multipartBoundary(req.headers.get("content-type") ?? "");
  const malformed = (why: string | Text) =>
    new Problem(400, text("error.multipart-malformed-why", { reason: why }), {
      errors: [{ pointer: "", message: text("error.multipart-field") }],
    });
  if (boundary === null) throw malformed(text("form.no-boundary"));
  const fields = new Map<string, FormField>();
  if (!req.body) throw malformed(text("form.no-body"));
  const reader = req.body.getReader();
  let parser: MultipartParser;
  try {
    parser = new MultipartParser(boundary);
  } catch (err) {
    throw malformed(textOf(err) ?? (err as Error).message);
  }
  let current: {
    name: string;
    cap: number;
    chunks: Uint8Array[];
    length: number;
    filename: string | null;
    contentType: string | null;
  } | null = null;
  const close = () => {
    if (current === null) return;
    const bytes = new Uint8Array(current.length);
    let o = 0;
    for (const c of current.chunks) {
      bytes.set(c, o);
      o += c.length;
    }
    fields.set(current.name, { bytes, filename: current.filename, contentType: current.contentType });
    current = null;
  };
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) throw tooLarge(maxBytes);
      let events: ReturnType<typeof parser.push>;
      try {
        events = parser.push(value);
      } catch (err) {
        throw malformed(textOf(err) ?? (err as Error).message);
      }
      for (const e of events) {
        if (e.type === "part") {
          close();
          const name = e.headers.name;
          const cap = capOf(name);
          const pointer = `/${name.slice(0, 60).replace(/~/g, "~0").replace(/\//g, "~1")}`;
          if (cap === null) throw Problem.field(pointer, text("form.unknown-field", { name: name.slice(0, 40) }));
          if (fields.has(name)) throw Problem.field(pointer, text("form.twice", { name: name.slice(0, 40) }));
          current = {
            name,
            cap,
            chunks: [],
            length: 0,
            filename: e.headers.filename,
            contentType: e.headers.contentType,
          };
        } else if (e.type === "data" && current !== null) {
          current.length += e.bytes.length;
          if (current.length > current.cap) {
            throw new Problem(413, text("form.too-large", { name: current.name, bytes: current.cap }), {
              errors: [{ pointer: `/${current.name}`, message: text("form.at-most", { bytes: current.cap }) }],
              extra: { limit: current.cap },
            });
          }
          current.chunks.push(e.bytes.slice()); // data events are views valid until the next push
        }
      }
    }
  } catch (err) {
    await reader.cancel().catch(() => {});
    throw err;
  }
  if (!parser.finished) throw malformed(text("form.ended-early"));
  close();
  return fields;
}
