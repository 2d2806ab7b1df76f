// Builds the Worker's generated static assets: the API docs' UI (swagger-ui-dist, so /docs
// works with no request to any other host), the classroom page's bundle of core/
// (scripts/build-page-core.mjs) and the Python package's sdist (/py/edgegrad.tar.gz,
// scripts/lib/python-sdist.mjs). Idempotent; run by `npm start`, `npm test` and `npm run deploy`.
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BUNDLE, buildPageCore } from "./build-page-core.mjs";
import { buildPythonSdist } from "./lib/python-sdist.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const from = join(root, "node_modules", "swagger-ui-dist");
const to = join(root, "worker", "public", "vendor", "swagger-ui");

export async function prepareAssets() {
  mkdirSync(to, { recursive: true });
  for (const file of ["swagger-ui-bundle.js", "swagger-ui.css"]) {
    const src = join(from, file);
    const dst = join(to, file);
    if (!existsSync(dst) || statSync(dst).size !== statSync(src).size) copyFileSync(src, dst);
  }
  const bundle = await buildPageCore();
  if (!existsSync(BUNDLE) || readFileSync(BUNDLE, "utf8") !== bundle) writeFileSync(BUNDLE, bundle);
  buildPythonSdist();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await prepareAssets();
