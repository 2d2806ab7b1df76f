import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { expectSubset } from "../helpers/expect-subset";
import { loadDefaults } from "./defaults";

/**
 * Every `curl` example in the README is sent to the real Worker and its answer compared with the
 * `# → {...}` line under it (the fields shown must match; numbers within 1e-12 relative, since
 * a few shown values are numpy's own printout). `--data-binary @examples/<file>` posts that file
 * from the repository, with the example's Content-Type; `$ADMIN_TOKEN` is the test's admin token.
 */
interface Example {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  file?: string;
  expected: unknown;
  line: number;
  /** The line of the ``` that opens the example's code block: one block is one shell session. */
  block: number;
}

/** The -H headers of a curl command, `$ADMIN_TOKEN` replaced by the test's token. */
function headersOf(command: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [, header] of command.matchAll(/ -H ['"]([^'"]+)['"]/g)) {
    const colon = header.indexOf(":");
    headers[header.slice(0, colon).trim().toLowerCase()] = header
      .slice(colon + 1)
      .trim()
      .replace("$ADMIN_TOKEN", env.ADMIN_TOKEN ?? "");
  }
  return headers;
}

function parseExamples(readme: string): Example[] {
  const lines = readme.split("\n");
  const examples: Example[] = [];
  let block = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith("```")) block = i + 1;
    if (!lines[i].startsWith("curl ")) continue;
    let command = lines[i];
    const start = i;
    while (command.endsWith("\\")) command = command.slice(0, -1) + " " + lines[++i].trim();
    const arrow = lines[i + 1]?.match(/^# → (.*)$/);
    if (!arrow) continue;
    const path = command.match(/localhost:8787([^\s']+)/)?.[1];
    const body = command.match(/ -d '([^']*)'/)?.[1];
    const file = command.match(/ --data-binary @(examples\/[\w.-]+)/)?.[1];
    const posts = body !== undefined || file !== undefined;
    const method = command.match(/ -X (\w+)/)?.[1] ?? (posts ? "POST" : "GET");
    if (!path) throw new Error(`README line ${start + 1}: no localhost:8787 URL in ${command}`);
    const headers = headersOf(command);
    if (body !== undefined) headers["content-type"] ??= "application/json";
    examples.push({ method, path, headers, body, file, expected: JSON.parse(arrow[1]), line: start + 1, block });
  }
  return examples;
}

describe("README examples", async () => {
  beforeAll(() => loadDefaults({ train: true }));
  const readme = await (await env.DOCS.fetch("http://docs/README.md")).text();
  const examples = parseExamples(readme);

  it("has examples for every compute route", () => {
    const paths = new Set(examples.map((e) => e.path));
    for (const p of [
      "/v1/loss/mse",
      "/v1/loss/cross-entropy",
      "/v1/softmax",
      "/v1/diff",
      "/v1/gradient",
      "/v1/descent",
      "/v1/simplenet",
    ]) {
      expect(paths, `README has no curl example for ${p}`).toContain(p);
    }
  });

  // Each test starts from freshly seeded storage, so the examples of one code block (a PUT, then
  // a predict of what it stored) run in order inside one test.
  const blocks = new Map<number, Example[]>();
  for (const ex of examples) blocks.set(ex.block, [...(blocks.get(ex.block) ?? []), ex]);
  for (const [block, session] of blocks) {
    it(`block at line ${block}: ${session.map((e) => `${e.method} ${e.path}`).join(", ")}`, async () => {
      for (const ex of session) {
        const file = ex.file && (await (await env.DOCS.fetch(`http://docs/${ex.file}`)).arrayBuffer());
        const res = await SELF.fetch(`http://localhost:8787${ex.path}`, {
          method: ex.method,
          headers: ex.headers,
          body: file || ex.body,
        });
        expectSubset(await res.json(), ex.expected, { rtol: 1e-12 }, `README line ${ex.line}`);
      }
    });
  }
});
