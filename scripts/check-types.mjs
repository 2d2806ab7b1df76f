// `wrangler types --check`: worker-configuration.d.ts still matches wrangler.jsonc. wrangler also
// counts the names in a local .dev.vars as bindings, and `npm start` writes ADMIN_TOKEN and
// GRADING_SECRET there (declared, optional, in worker/env.ts), so after a first `npm start` the
// committed types would look out of date. The check runs on a view of the project without it:
// a temporary directory of links to everything else.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { wranglerEnv } from "./lib/wrangler-env.mjs";

const root = join(import.meta.dirname, "..");
const view = mkdtempSync(join(tmpdir(), "edgegrad-types-"));
try {
  for (const name of readdirSync(root))
    if (!name.startsWith(".dev.vars")) symlinkSync(join(root, name), join(view, name));
  const wrangler = join(root, "node_modules", ".bin", "wrangler");
  const check = spawnSync(wrangler, ["types", "--include-runtime=false", "--check"], {
    cwd: view,
    env: wranglerEnv,
    encoding: "utf8",
  });
  if (check.status !== 0) {
    process.stderr.write(`${check.stdout}${check.stderr}`);
    process.exit(1);
  }
} finally {
  rmSync(view, { recursive: true, force: true });
}
