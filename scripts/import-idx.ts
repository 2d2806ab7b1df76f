// See import-idx.mjs. Reads (optionally gzipped) IDX files with core's parser and writes .u8 files.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { gunzipSync } from "node:zlib";
import { parseIdx } from "../core/io/idx";

const [imagesPath, labelsPath, out] = process.argv.slice(2);
const read = (path: string): Uint8Array => {
  const bytes = readFileSync(path);
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
};
const set = parseIdx(read(imagesPath), read(labelsPath));
if (set.rows !== 28 || set.cols !== 28)
  throw new Error(`import-idx: expected 28x28 images, got ${set.rows}x${set.cols}`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(`${out}-images.u8`, set.images);
writeFileSync(`${out}-labels.u8`, set.labels);
console.log(`import-idx: ${set.count} digits -> ${out}-images.u8, ${out}-labels.u8`);
