import { env } from "cloudflare:test";
import { decodeSpecial, type Fixture } from "../helpers/fixtures";

/** fixtures/reference/<name>.json inside workerd, through the FIXTURES service binding. */
export async function loadReference<T>(name: string): Promise<Fixture<T>> {
  const res = await env.FIXTURES.fetch(`http://fixtures/reference/${name}.json`);
  if (!res.ok) throw new Error(`fixture ${name}: ${res.status}`);
  return JSON.parse(await res.text(), decodeSpecial) as Fixture<T>;
}

/** A file under fixtures/, as bytes, through the FIXTURES service binding. */
export async function fixtureBytes(path: string): Promise<Uint8Array> {
  const res = await env.FIXTURES.fetch(`http://fixtures/${path}`);
  if (!res.ok) throw new Error(`fixture ${path}: ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** POSTs JSON to the Worker and returns status, content type and parsed body. */
export async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const { SELF } = await import("cloudflare:test");
  const res = await SELF.fetch(`http://localhost${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, type: res.headers.get("content-type") ?? "", json, text };
}

/** Answers carry non-finite numbers as "Infinity"/"-Infinity"/"NaN" strings. */
export function num(v: unknown): number {
  return typeof v === "string" ? Number(v) : (v as number);
}

export function flatNums(v: unknown): number[] {
  return Array.isArray(v) ? v.flatMap(flatNums) : [num(v)];
}
