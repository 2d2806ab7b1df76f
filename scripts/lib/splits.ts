import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { LabeledSet } from "../../core/nn/train";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export function loadSplit(split: "train" | "test"): LabeledSet {
  const dir = join(ROOT, "fixtures", "mnist");
  const images = new Uint8Array(readFileSync(join(dir, `${split}-images.u8`)));
  const labels = new Uint8Array(readFileSync(join(dir, `${split}-labels.u8`)));
  return { x: { data: images, rows: labels.length, cols: 784 }, t: labels };
}
