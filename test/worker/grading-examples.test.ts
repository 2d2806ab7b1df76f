import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDefaults } from "./defaults";
import { fixtureBytes as fixture } from "./reference";

/**
 * The request body that the Python package's Assignment.submit_model sends
 * (fixtures/grading/client-request.bin, written by the package's submission_body in
 * scripts/grading-fixtures.ts) is posted byte for byte. The Gradescope and PrairieLearn graders
 * run end to end against wrangler dev in test/node/grading-course.test.ts.
 */
beforeAll(async () => {
  await loadDefaults(); // the held-out digits the model problem is graded on
});

describe("clients/python (the edgegrad package)", () => {
  it("its multipart submission (answers + np.savez model) is graded in full", async () => {
    const meta = JSON.parse(new TextDecoder().decode(await fixture("grading/client-request.json")));
    const body = await fixture("grading/client-request.bin");
    const res = await SELF.fetch("http://x/v1/assignments/dlfs-ch04/submissions", {
      method: "POST",
      headers: { "content-type": meta.content_type },
      body,
    });
    expect(res.status).toBe(201);
    const graded = (await res.json()) as any;
    // A student submitting directly sees the visible results; the hidden and after_due_date ones
    // (one point each) are withheld, and so is their share of the total.
    expect(graded).toMatchObject({
      student: "alice",
      attempt: 1,
      score: 12,
      max_score: 14,
      withheld: { problems: 2, max_score: 2 },
    });
    for (const p of graded.problems) expect(p.status).toBe(p.visibility === "visible" ? "correct" : "withheld");
  });
});
