import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as examples from "../../clients/typescript/examples";
// @ts-expect-error plain ESM script without types
import { configuredRatelimits, startMiniflareServer } from "../../scripts/lib/miniflare-server.mjs";
// @ts-expect-error plain ESM script without types
import { CLIENT_TYPES, clientTypes } from "../../scripts/lib/openapi-client.mjs";

/**
 * The OpenAPI document as the Worker serves it (bundled as `wrangler deploy` bundles it, run by
 * Miniflare), checked by the tools that consume it: Redocly's recommended ruleset, JSON Schema
 * (Ajv, draft 2020-12, OpenAPI 3.1's dialect) for every example, openapi-typescript for the
 * committed client types, and the typed client's examples against the same Worker.
 */
const root = join(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "edgegrad-openapi-"));
let server: { base: string; stop: () => Promise<void> };
let doc: any;

beforeAll(async () => {
  server = await startMiniflareServer({ options: { ratelimits: configuredRatelimits() } });
  doc = await (await fetch(`${server.base}/openapi.json`)).json();
});

afterAll(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

// First, straight after the default models and digits are loaded: an HTTP connection left idle for the seconds the
// lint takes can be closed by workerd just as the next request reuses it ("other side closed").
describe("the typed client's examples (clients/typescript/examples.ts)", () => {
  const api = () => examples.edgegrad(server.base);

  it("agree with the book's printed values", async () => {
    // The book's: MSE 0.0975 / 0.6925, CEE 0.5108 / 16.118 (delta 1e-7 in the log),
    // numerical_diff 0.1999999999990898, gradient_descent to (-6.1e-10, 8.1e-10).
    expect(await examples.meanSquaredError(api())).toEqual([0.09750000000000003, 0.6925]);
    expect(await examples.crossEntropyError(api())).toEqual([0.510825457099338, 16.11809565095832]);
    expect((await examples.numericalDiff(api())).value).toBe(0.1999999999990898);
    expect((await examples.gradientDescent(api())).x).toEqual([-6.111107928998789e-10, 8.148143905314271e-10]);
    const y = (await examples.softmax(api())) as number[];
    expect(y.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(y.indexOf(Math.max(...y))).toBe(0);
    const grad = (await examples.numericalGradient(api())) as number[];
    expect(grad[0]).toBeCloseTo(6, 6);
    expect(grad[1]).toBeCloseTo(8, 6);
    expect((await examples.simpleNet(api())).argmax).toBe(2);
  });

  it("read problem+json and the stored networks through the same types", async () => {
    const problem = await examples.syntaxError(api());
    expect(problem.status).toBe(422);
    expect(problem.errors[0].pointer).toBe("/f");
    const { models, samples, predicted, evaluation } = await examples.networks(api());
    expect(models.map((m) => m.name)).toContain("mnist-two-layer");
    expect(predicted.predictions).toHaveLength(1);
    expect(predicted.predictions[0].probabilities).toHaveLength(10);
    expect(samples.t).toHaveLength(1);
    expect(evaluation.count).toBe(2000);
    const v = await examples.variant(api());
    expect(v.student).toBe("alice");
  });
});

describe("the served OpenAPI document", () => {
  it("passes Redocly's recommended ruleset with no errors and no warnings", async () => {
    const file = join(work, "openapi.json");
    writeFileSync(file, JSON.stringify(doc));
    const redocly = join(root, "node_modules", ".bin", "redocly");
    // Nothing leaves the machine: no usage telemetry, no update check.
    const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };
    const args = ["lint", "--extends=recommended", "--format=json", file];
    const { stdout } = await promisify(execFile)(redocly, args, { cwd: work, env, maxBuffer: 1 << 24 }).catch(
      (err: { stdout?: string }) => ({ stdout: err.stdout ?? "" }), // exits 1 on errors; the JSON says which
    );
    const report = JSON.parse(stdout) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
    };
    const problems = report.problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it("names every operation (operationId), tags it with a declared tag and states its security", () => {
    const declared = new Set(doc.tags.map((t: { name: string; description?: string }) => t.name));
    for (const tag of doc.tags) expect(tag.description, tag.name).toBeTruthy();
    const ids = new Set<string>();
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.operationId, where).toMatch(/^[a-z][A-Za-z0-9]*$/);
        expect(ids.has(op.operationId), `${where}: ${op.operationId} used twice`).toBe(false);
        ids.add(op.operationId);
        expect(
          op.tags.every((t: string) => declared.has(t)),
          where,
        ).toBe(true);
        expect(Array.isArray(op.security), `${where} states its security`).toBe(true);
        // A route that can answer 401 or 403 is not public: it names the schemes it accepts.
        if (op.responses["401"] || op.responses["403"]) expect(op.security.length, where).toBeGreaterThan(0);
      }
    }
  });

  it("every example validates against its own schema (JSON Schema 2020-12)", () => {
    // The document's components under an id of their own, so "#/components/..." refs resolve.
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema({ $id: "doc.json", components: doc.components });
    const rebase = (schema: unknown) =>
      JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/components/', '"$ref":"doc.json#/components/'));
    const failures: string[] = [];
    let checked = 0;
    const check = (schema: unknown, example: unknown, where: string) => {
      checked++;
      const validate = ajv.compile(rebase(schema));
      if (!validate(example)) failures.push(`${where}: ${ajv.errorsText(validate.errors)}`);
    };
    for (const { schema, examples: found } of examplesIn(doc)) {
      for (const [where, example] of found) check(schema, example, where);
    }
    expect(failures).toEqual([]);
    // Every public route has a request example, plus schemas' own: far more than a handful.
    expect(checked).toBeGreaterThan(60);
  });

  it(`${CLIENT_TYPES} is what openapi-typescript generates from it (npm run client:types)`, async () => {
    const committed = readFileSync(join(root, CLIENT_TYPES), "utf8");
    expect(committed === (await clientTypes(doc)), `${CLIENT_TYPES} is stale: run npm run client:types`).toBe(true);
  });
});

type Found = { schema: unknown; examples: [string, unknown][] };

/**
 * Every example in the document with the schema it must satisfy: media types' and parameters'
 * `example`/`examples` against their `schema`, and schemas' own `example` (and JSON Schema
 * `examples`) against themselves, wherever schemas nest.
 */
function examplesIn(document: any): Found[] {
  const out: Found[] = [];
  const visitSchema = (schema: any, at: string) => {
    if (!schema || typeof schema !== "object") return;
    const own: [string, unknown][] = [];
    if ("example" in schema) own.push([`${at}/example`, schema.example]);
    if (Array.isArray(schema.examples))
      schema.examples.forEach((e: unknown, i: number) => own.push([`${at}/examples/${i}`, e]));
    if (own.length) {
      const { example: _e, examples: _es, ...rest } = schema;
      out.push({ schema: rest, examples: own });
    }
    for (const key of ["items", "additionalProperties", "not", "contains", "propertyNames"])
      visitSchema(schema[key], `${at}/${key}`);
    for (const key of ["anyOf", "oneOf", "allOf", "prefixItems"]) {
      (schema[key] ?? []).forEach((s: unknown, i: number) => visitSchema(s, `${at}/${key}/${i}`));
    }
    for (const [name, s] of Object.entries(schema.properties ?? {})) visitSchema(s, `${at}/properties/${name}`);
  };
  const visitHolder = (holder: any, at: string) => {
    if (!holder?.schema) return;
    const found: [string, unknown][] = [];
    if ("example" in holder) found.push([`${at}/example`, holder.example]);
    for (const [name, e] of Object.entries<any>(holder.examples ?? {})) found.push([`${at}/examples/${name}`, e.value]);
    if (found.length) out.push({ schema: holder.schema, examples: found });
    visitSchema(holder.schema, `${at}/schema`);
  };
  for (const [name, s] of Object.entries(document.components?.schemas ?? {}))
    visitSchema(s, `#/components/schemas/${name}`);
  for (const [name, p] of Object.entries(document.components?.parameters ?? {}))
    visitHolder(p, `#/components/parameters/${name}`);
  for (const [name, h] of Object.entries(document.components?.headers ?? {}))
    visitHolder(h, `#/components/headers/${name}`);
  for (const [path, item] of Object.entries<any>(document.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      const at = `#/paths/${path}/${method}`;
      (op.parameters ?? []).forEach((p: any, i: number) => visitHolder(p, `${at}/parameters/${i}`));
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {}))
        visitHolder(media, `${at}/requestBody/${type}`);
      for (const [status, response] of Object.entries<any>(op.responses ?? {})) {
        for (const [type, media] of Object.entries(response.content ?? {}))
          visitHolder(media, `${at}/responses/${status}/${type}`);
      }
    }
  }
  return out;
}
