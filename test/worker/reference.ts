import { env } from "cloudflare:test";
import { decodeSpecial, type Fixture } from "../helpers/fixtures";

/**
 * A read from a binding the pool's Node process serves (FIXTURES, IDX_SET, DOCS: vitest.config.ts).
 * Miniflare's loopback server closes a keep-alive connection after Node's 5 s of idleness, and
 * workerd can pick that connection for the next request just as it closes ("Network connection
 * lost"), a race a loaded machine widens. The reads are idempotent, so such a one is sent again.
 */
export async function fromNode(binding: Fetcher, url: string): Promise<Response> {
  try {
    return await binding.fetch(url);
  } catch (err) {
    if (!/Network connection lost/.test(String(err))) throw err;
    return binding.fetch(url);
  }
}

/** fixtures/reference/<name>.json inside workerd, through the FIXTURES service binding. */
export async function loadReference<T>(name: string): Promise<Fixture<T>> {
  const res = await fromNode(env.FIXTURES, `http://fixtures/reference/${name}.json`);
  if (!res.ok) throw new Error(`fixture ${name}: ${res.status}`);
  return JSON.parse(await res.text(), decodeSpecial) as Fixture<T>;
}

/** A file under fixtures/, as bytes, through the FIXTURES service binding. */
export async function fixtureBytes(path: string): Promise<Uint8Array> {
  const res = await fromNode(env.FIXTURES, `http://fixtures/${path}`);
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
