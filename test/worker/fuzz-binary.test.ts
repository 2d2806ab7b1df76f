import { env } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import app from "../../worker/index";
import { documentedOutcome, type OpenApiDoc } from "../helpers/openapi-shape";
import { fixtureBytes, loadDefaults } from "./defaults";

/**
 * Binary bodies, cut short or corrupted: every prefix-truncation and random byte flip of real
 * npz, npy and PNG files sent to the routes that parse them. Invariant: a correct 2xx or a 4xx
 * problem+json, never a 500, and a failed upload stores nothing. Fixed seeds, bounded runs.
 */
const ADMIN = { authorization: "Bearer test-admin-token" };

let openapi: OpenApiDoc;

async function call(
  method: string,
  path: string,
  type: string,
  body: Uint8Array,
  headers: Record<string, string> = {},
) {
  const res = await app.fetch(
    new Request(`http://x${path}`, { method, headers: { "content-type": type, ...headers }, body }),
    env,
  );
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: documentedOutcome names the content type
  }
  return { method, path, status: res.status, type: res.headers.get("content-type") ?? "", text, body: parsed };
}

/** A 2xx with the shape /openapi.json documents for it, or a 4xx problem+json. */
function acceptable(r: { method: string; path: string; status: number; type: string; body: unknown }): boolean {
  const wrong = documentedOutcome(openapi, r.method, r.path.replace(/^\/v1\/models\/[^/]+/, "/v1/models/{name}"), r);
  if (wrong) throw new Error(wrong);
  return true;
}

const mutated = (bytes: Uint8Array) =>
  fc.oneof(
    fc.integer({ min: 0, max: bytes.length - 1 }).map((n) => bytes.slice(0, n)),
    fc
      .array(fc.tuple(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 })), {
        minLength: 1,
        maxLength: 4,
      })
      .map((flips) => {
        const copy = bytes.slice();
        for (const [i, v] of flips) copy[i] = v;
        return copy;
      }),
  );

let npz: Uint8Array;
let npy: Uint8Array;
let png: Uint8Array;

beforeAll(async () => {
  await loadDefaults();
  openapi = await (await app.fetch(new Request("http://x/openapi.json"), env)).json();
  npz = await fixtureBytes("formats/net_two_layer_sigmoid.npz");
  npy = await fixtureBytes("formats/npy_u1_1d.npy");
  png = await fixtureBytes("formats/png_digit_gray_offcentre.png");
});

describe("truncated and corrupted binary bodies", () => {
  it("PUT .npz: 4xx or a whole new version; a failed upload stores nothing", async () => {
    await fc.assert(
      fc.asyncProperty(mutated(npz), async (body) => {
        const before = await env.KV.get("model-pointer/fuzz-net");
        const keysBefore = (await env.KV.list({ prefix: "model/fuzz-net/" })).keys.length;
        const r = await call("PUT", "/v1/models/fuzz-net", "application/zip", body, ADMIN);
        if (!acceptable(r)) return false;
        if (r.status >= 400) {
          const keysAfter = (await env.KV.list({ prefix: "model/fuzz-net/" })).keys.length;
          return (await env.KV.get("model-pointer/fuzz-net")) === before && keysAfter === keysBefore;
        }
        return true;
      }),
      { seed: 81, numRuns: 150 },
    );
  });

  it("POST .npy to predict", async () => {
    await fc.assert(
      fc.asyncProperty(mutated(npy), async (body) =>
        acceptable(await call("POST", "/v1/models/mnist-two-layer/predict", "application/x-npy", body)),
      ),
      { seed: 82, numRuns: 200 },
    );
  });

  it("POST .png to predict", async () => {
    await fc.assert(
      fc.asyncProperty(mutated(png), async (body) =>
        acceptable(await call("POST", "/v1/models/mnist-two-layer/predict", "image/png", body)),
      ),
      { seed: 83, numRuns: 200 },
    );
  });

  it("POST uint8 rows of any length to predict", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), async (body) =>
        acceptable(await call("POST", "/v1/models/mnist-two-layer/predict", "application/octet-stream", body)),
      ),
      { seed: 84, numRuns: 100 },
    );
  });

  it("the unmutated files are accepted (the property is not vacuous)", async () => {
    expect((await call("POST", "/v1/models/mnist-two-layer/predict", "image/png", png)).status).toBe(200);
    expect((await call("PUT", "/v1/models/fuzz-net", "application/zip", npz, ADMIN)).status).toBe(201);
  });
});
