// Copies the API docs' UI (swagger-ui-dist) into the Worker's static assets so /docs works
// with no request to any other host. Idempotent; run by `npm start` and `npm test`.
import { copyFileSync, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const from = join(root, "node_modules", "swagger-ui-dist");
const to = join(root, "worker", "public", "vendor", "swagger-ui");

export function prepareAssets() {
  mkdirSync(to, { recursive: true });
  for (const file of ["swagger-ui-bundle.js", "swagger-ui.css"]) {
    const src = join(from, file);
    const dst = join(to, file);
    if (!existsSync(dst) || statSync(dst).size !== statSync(src).size) copyFileSync(src, dst);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) prepareAssets();
