import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Random } from "../random";

const root = new URL("../../", import.meta.url);
const file = (name: string) => new URL(`fixtures/mnist/${name}`, root);

describe("scripts/prepare-data.mjs", () => {
  it("reproduces the bytes recorded in the committed manifest", async () => {
    const { prepareData, readNpmDigits, SPLIT_SEED } = await import(
      /* @vite-ignore */ new URL("scripts/prepare-data.mjs", root).href
    );
    prepareData(); // no-op when the files exist and match; throws if a conversion differs from the manifest
    const manifest = JSON.parse(readFileSync(file("manifest.json"), "utf8"));
    expect(manifest.counts).toEqual({ total: 10000, train: 8000, test: 2000 });
    for (const [name, info] of Object.entries<{ bytes: number; sha256: string }>(manifest.files)) {
      expect(existsSync(file(name))).toBe(true);
      const bytes = readFileSync(file(name));
      expect(bytes.length).toBe(info.bytes);
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(info.sha256);
    }
    // the split is core/random.ts's permutation of the npm digits in file order
    const { images, labels } = readNpmDigits();
    const perm = new Random(SPLIT_SEED).permutation(10000);
    const testX = readFileSync(file("test-images.u8"));
    const testT = readFileSync(file("test-labels.u8"));
    for (const i of [0, 1, 999, 1999]) {
      const src = perm[8000 + i];
      expect(testT[i]).toBe(labels[src]);
      expect(
        Buffer.compare(
          testX.subarray(i * 784, (i + 1) * 784),
          Buffer.from(images.subarray(src * 784, (src + 1) * 784)),
        ),
      ).toBe(0);
    }
  });
});
