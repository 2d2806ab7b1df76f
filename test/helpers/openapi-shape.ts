/**
 * "The documented shape": a response body checked against the JSON Schema its route declares in
 * /openapi.json (the subset the document uses: $ref, type, enum, const, properties, required,
 * additionalProperties, items, prefixItems, anyOf, oneOf, allOf, minimum, maximum, minItems,
 * maxItems). Returns the first violation as "pointer: what", or null.
 */
type Schema = Record<string, any>;

export interface OpenApiDoc {
  paths: Record<string, Record<string, any>>;
  components?: { schemas?: Record<string, Schema> };
}

function typeOk(t: string, v: unknown): boolean {
  switch (t) {
    case "null":
      return v === null;
    case "boolean":
      return typeof v === "boolean";
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "number":
      return typeof v === "number";
    case "string":
      return typeof v === "string";
    case "array":
      return Array.isArray(v);
    case "object":
      return typeof v === "object" && v !== null && !Array.isArray(v);
    default:
      return true;
  }
}

export function violation(doc: OpenApiDoc, schema: Schema | undefined, v: unknown, at = ""): string | null {
  if (!schema || schema === (true as unknown)) return null;
  if (schema.$ref) {
    const name = String(schema.$ref).replace("#/components/schemas/", "");
    const target = doc.components?.schemas?.[name];
    if (!target) return `${at}: unresolved ${schema.$ref}`;
    return violation(doc, target, v, at);
  }
  if (schema.type !== undefined) {
    const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (schema.nullable) types.push("null");
    if (!types.some((t) => typeOk(t, v))) return `${at}: ${JSON.stringify(v)?.slice(0, 40)} is not ${types.join("|")}`;
  }
  if (schema.enum && !schema.enum.some((e: unknown) => e === v))
    return `${at}: ${JSON.stringify(v)} not in ${JSON.stringify(schema.enum)}`;
  if ("const" in schema && schema.const !== v)
    return `${at}: ${JSON.stringify(v)} is not ${JSON.stringify(schema.const)}`;
  if (typeof v === "number") {
    if (schema.minimum !== undefined && v < schema.minimum) return `${at}: ${v} < ${schema.minimum}`;
    if (schema.maximum !== undefined && v > schema.maximum) return `${at}: ${v} > ${schema.maximum}`;
  }
  if (Array.isArray(v)) {
    if (schema.minItems !== undefined && v.length < schema.minItems)
      return `${at}: fewer than ${schema.minItems} items`;
    if (schema.maxItems !== undefined && v.length > schema.maxItems) return `${at}: more than ${schema.maxItems} items`;
    const prefix: Schema[] = schema.prefixItems ?? [];
    for (let i = 0; i < v.length; i++) {
      const s = i < prefix.length ? prefix[i] : schema.items;
      const bad = violation(doc, s, v[i], `${at}/${i}`);
      if (bad) return bad;
    }
  } else if (typeof v === "object" && v !== null) {
    const o = v as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in o)) return `${at}: missing "${key}"`;
    for (const [key, value] of Object.entries(o)) {
      const s =
        schema.properties?.[key] ??
        (typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined);
      if (!s && schema.additionalProperties === false) return `${at}: unexpected "${key}"`;
      const bad = violation(doc, s, value, `${at}/${key}`);
      if (bad) return bad;
    }
  }
  for (const s of schema.allOf ?? []) {
    const bad = violation(doc, s, v, at);
    if (bad) return bad;
  }
  for (const key of ["anyOf", "oneOf"] as const) {
    if (schema[key] && !schema[key].some((s: Schema) => violation(doc, s, v, at) === null))
      return `${at}: matches none of ${key}`;
  }
  return null;
}

/** The JSON schema of a route's response (path as in the document, e.g. "/v1/models/{name}"). */
export function responseSchema(
  doc: OpenApiDoc,
  method: string,
  path: string,
  status: number,
): { schema?: Schema; type?: string } | null {
  const res = doc.paths[path]?.[method.toLowerCase()]?.responses?.[String(status)];
  if (!res) return null;
  const [type, content] = Object.entries<any>(res.content ?? {})[0] ?? [];
  return { schema: content?.schema, type };
}

/**
 * The fuzz property: a 2xx whose body has the shape the document declares for that status, or
 * a 4xx problem+json whose status field is the response's. Returns what is wrong, or null.
 */
export function documentedOutcome(
  doc: OpenApiDoc,
  method: string,
  path: string,
  r: { status: number; type: string; body: unknown },
): string | null {
  if (r.status >= 200 && r.status < 300) {
    const declared = responseSchema(doc, method, path, r.status);
    if (!declared) return `${method} ${path}: ${r.status} is not a documented response`;
    if (!r.type.startsWith("application/json")) return `${method} ${path}: ${r.status} with content type ${r.type}`;
    return violation(doc, declared.schema, r.body);
  }
  if (r.status >= 400 && r.status < 500) {
    if (r.type !== "application/problem+json") return `${r.status} with content type ${r.type}`;
    const p = r.body as { status?: unknown; title?: unknown; type?: unknown; detail?: unknown };
    if (
      p?.status !== r.status ||
      typeof p.title !== "string" ||
      typeof p.type !== "string" ||
      typeof p.detail !== "string"
    )
      return `${r.status}: not a problem document: ${JSON.stringify(r.body)?.slice(0, 120)}`;
    return null;
  }
  return `status ${r.status}`;
}
