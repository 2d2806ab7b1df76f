import { describe, expect, it } from "vitest";
import { render } from "../../i18n";
import { Random } from "../../random";
import { DLFS_CH04 } from "../dlfs-ch04";
import { generateProblem } from "../variant";
import { probabilities } from "./helpers";

describe("generated network outputs are probability vectors (finding 6: a row summed to 1.45)", () => {
  it("every row of 2,000 draws sums to 1, has the label at 0.05 or more and one exact zero", () => {
    const rng = new Random(7);
    for (let k = 0; k < 2000; k++) {
      const n = 2 + (k % 20);
      const label = k % n;
      const y = probabilities(rng, n, label);
      expect(Math.abs(y.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      expect(y[label]).toBeGreaterThanOrEqual(0.05);
      expect(y.filter((v, i) => v === 0 && i !== label).length).toBeGreaterThanOrEqual(1);
      for (const v of y) expect(Math.round(v * 100) / 100).toBe(v);
    }
  });

  it("the chapter's mse and cross-entropy variants say 'the correct class is' and their rows sum to 1", () => {
    for (let seed = 1; seed <= 50; seed++) {
      for (const spec of DLFS_CH04.problems.filter((p) => p.kind === "mse" || p.kind === "cross_entropy")) {
        const g = generateProblem(spec, seed);
        const rows = (Array.isArray((g.inputs.y as unknown[])[0]) ? g.inputs.y : [g.inputs.y]) as number[][];
        for (const row of rows) expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
        const statement = render("en", g.statement);
        expect(statement).not.toMatch(/the answer is/);
        if (!spec.params?.batch) expect(statement).toMatch(/the correct class is \d/);
      }
    }
  });
});
