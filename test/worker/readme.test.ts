import { SELF, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { expectSubset } from "../helpers/expect-subset";
import { seedDefaults } from "./seed";

/**
 * Every `curl` example in the README is sent to the real Worker and its answer compared with the
 * `# → {...}` line under it (the fields shown must match; numbers within 1e-12 relative, since
 * a few shown values are numpy's own printout).
 */
interface Example {
  method: string;
  path: string;
  body?: string;
  expected: unknown;
  line: number;
}

function parseExamples(readme: string): Example[] {
  const lines = readme.split("\n");
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith("curl ")) continue;
    let command = lines[i];
    const start = i;
    while (command.endsWith("\\")) command = command.slice(0, -1) + " " + lines[++i].trim();
    const arrow = lines[i + 1]?.match(/^# → (.*)$/);
    if (!arrow) continue;
    const path = command.match(/localhost:8787([^\s']+)/)?.[1];
    const body = command.match(/ -d '([^']*)'/)?.[1];
    const method = command.match(/ -X (\w+)/)?.[1] ?? (body !== undefined ? "POST" : "GET");
    if (!path) throw new Error(`README line ${start + 1}: no localhost:8787 URL in ${command}`);
    examples.push({ method, path, body, expected: JSON.parse(arrow[1]), line: start + 1 });
  }
  return examples;
}

describe("README examples", async () => {
  beforeAll(() => seedDefaults({ train: true }));
  const readme = await (await env.DOCS.fetch("http://docs/README.md")).text();
  const examples = parseExamples(readme);

  it("has examples for every compute route", () => {
    const paths = new Set(examples.map((e) => e.path));
    for (const p of ["/v1/loss/mse", "/v1/loss/cross-entropy", "/v1/softmax", "/v1/diff", "/v1/gradient", "/v1/descent", "/v1/simplenet"]) {
      expect(paths, `README has no curl example for ${p}`).toContain(p);
    }
  });

  for (const ex of examples) {
    it(`line ${ex.line}: ${ex.method} ${ex.path}`, async () => {
      const res = await SELF.fetch(`http://localhost:8787${ex.path}`, {
        method: ex.method,
        headers: ex.body !== undefined ? { "content-type": "application/json" } : {},
        body: ex.body,
      });
      expectSubset(await res.json(), ex.expected, { rtol: 1e-12 });
    });
  }
});
