import { readBytes, tooLarge } from "../../http/json-body";
import { Problem } from "../../http/problem";

/**
 * Bodies of the model routes, which take several content types (JSON, npz, npy, uint8 rows,
 * PNG) and so cannot use the jsonBody middleware: the content type's essence, a bounded read
 * (413 on Content-Length before reading, and while streaming), and JSON parsing with a 400.
 */
export function mediaType(req: Request): string {
  return (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
}

export function isJsonType(type: string): boolean {
  return /^application\/([\w.-]+\+)?json$/.test(type);
}

export async function readBody(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  return readBytes(req, maxBytes);
}

export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new Problem(400, `malformed JSON: ${(err as Error).message}`, {
      errors: [{ pointer: "", message: "the body is not valid JSON (NaN and Infinity are not JSON numbers)" }],
    });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Problem(400, "the JSON body must be an object", { errors: [{ pointer: "", message: "expected a JSON object" }] });
  }
  return value as Record<string, unknown>;
}

export function unsupported(type: string, accepted: readonly string[]): Problem {
  return new Problem(415, `unsupported Content-Type ${type || "(none)"}; send one of ${accepted.join(", ")}`, {
    errors: [{ pointer: "", message: `accepted: ${accepted.join(", ")}` }],
  });
}
