import { SELF, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { fixtureBytes as fixture } from "./reference";
import { seedDefaults } from "./seed";

/**
 * examples/: the Gradescope run_autograder's curl command is read from the script and replayed
 * against the Worker with a student's files, and the request body that the Python package's
 * Assignment.submit_model sends (fixtures/grading/client-request.bin, written by the package's
 * submission_body in scripts/grading-fixtures.ts) is posted byte for byte.
 */
const ADMIN = { authorization: "Bearer test-admin-token" };


beforeAll(async () => {
  await seedDefaults(); // the held-out digits the model problem is graded on
});

/** The curl invocation in run_autograder: its form fields and URL, with the script's variables. */
function parseRunAutograder(script: string, vars: Record<string, string>) {
  const expand = (s: string): string => s.replace(/\$\{?(\w+)(?::-([^}]*))?\}?/g, (_, name, fallback) => vars[name] ?? fallback ?? "");
  const lines = script.split("\n").filter((l) => !l.startsWith("#"));
  const curl = lines.find((l) => /^curl /.test(l));
  if (!curl) throw new Error("run_autograder has no curl line");
  const modelLine = lines.find((l) => l.includes("MODEL=(")) ?? "";
  const fields = [...(curl + " " + modelLine).matchAll(/-F "([^"=]+)=([^"]*)"/g)].map((m) => ({ name: m[1], value: expand(m[2]) }));
  const url = expand(curl.match(/"(\$EDGEGRAD[^"]*)"/)![1]);
  return { fields, url, output: curl.match(/-o (\S+)/)?.[1] };
}

describe("examples/gradescope/run_autograder", () => {
  it("posts answers.json and params.npz, and Gradescope gets a results.json whose scores add up to full marks", async () => {
    const script = await (await env.DOCS.fetch("http://docs/examples/gradescope/run_autograder")).text();
    const files: Record<string, Uint8Array> = {
      "/autograder/submission/answers.json": new TextEncoder().encode(JSON.parse(new TextDecoder().decode(await fixture("grading/answers-bob.json"))).payloads.correct),
      "/autograder/submission/params.npz": await fixture("grading/two-layer.npz"),
    };
    const vars = { EDGEGRAD: "http://localhost:8787", ASSIGNMENT: "dlfs-ch04", S: "/autograder/submission", ACTIVATION: "relu" };
    const { fields, url, output } = parseRunAutograder(script, vars);
    expect(output).toBe('"$R"');
    expect(fields.map((f) => f.name).sort()).toEqual(["activation", "model", "submission"]);
    const form = new FormData();
    for (const f of fields) {
      if (f.value.startsWith("@")) form.set(f.name, new File([files[f.value.slice(1)]], f.value.split("/").pop()!));
      else form.set(f.name, f.value);
    }
    const res = await SELF.fetch(url, { method: "POST", body: form });
    expect(res.status).toBe(201);
    const results = (await res.json()) as any;
    expect(results.tests).toHaveLength(12);
    expect(results.tests.every((t: any) => t.status === "passed")).toBe(true);
    expect(results.score).toBe(results.tests.reduce((a: number, t: any) => a + t.score, 0));
    expect(results.score).toBe(14);
  });
});

describe("clients/python (the edgegrad package)", () => {
  it("its multipart submission (answers + np.savez model) is graded in full", async () => {
    const meta = JSON.parse(new TextDecoder().decode(await fixture("grading/client-request.json")));
    const body = await fixture("grading/client-request.bin");
    const res = await SELF.fetch("http://x/v1/assignments/dlfs-ch04/submissions", { method: "POST", headers: { "content-type": meta.content_type }, body });
    expect(res.status).toBe(201);
    const graded = (await res.json()) as any;
    expect(graded).toMatchObject({ student: "alice", attempt: 1, score: 14, max_score: 14 });
  });
});
