// Converts official MNIST IDX files (train-images-idx3-ubyte[.gz] + train-labels-idx1-ubyte[.gz],
// or the t10k pair) into edgegrad's compact form — <out>-images.u8 (n×784 uint8) and
// <out>-labels.u8 — ready for `PUT /v1/datasets/mnist/:split`:
//   node scripts/import-idx.mjs train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz out/train
// The IDX parsing itself is core/io/idx.ts; this script runs it through vite-node.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const [images, labels, out] = process.argv.slice(2);
if (!images || !labels || !out) {
  console.error("usage: node scripts/import-idx.mjs <images-idx3[.gz]> <labels-idx1[.gz]> <out-prefix>");
  process.exit(2);
}
const r = spawnSync(
  join(root, "node_modules", ".bin", "vite-node"),
  [join(root, "scripts", "import-idx.ts"), images, labels, out],
  { stdio: "inherit" },
);
process.exit(r.status ?? 1);
