// `npm start`: prepares the digits and the docs' assets, creates .dev.vars (admin token and
// grading secret) on first run, applies the D1 migrations locally, starts `wrangler dev`
// (arguments after `npm start --` reach it, e.g. `--port 9000`) and loads into local storage the
// default models and digits through the admin API, idempotently.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { wranglerEnv } from "./lib/wrangler-env.mjs";
import { loadDefaults } from "./load-defaults.mjs";
import { prepareAssets } from "./prepare-assets.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const env = wranglerEnv;
const wrangler = join(root, "node_modules", ".bin", "wrangler");

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: ["ignore", "inherit", "inherit"], ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status})`);
}

function ensureDevVars() {
  const file = join(root, ".dev.vars");
  if (existsSync(file)) return readFileSync(file, "utf8").match(/^ADMIN_TOKEN=(.*)$/m)?.[1];
  const token = randomBytes(24).toString("base64url");
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `ADMIN_TOKEN=${token}\nGRADING_SECRET=${secret}\n`, { mode: 0o600 });
  console.log(
    `\n  Created .dev.vars with a new admin token (shown once; it stays in .dev.vars):\n  ADMIN_TOKEN=${token}\n`,
  );
  return token;
}

function portFrom(args) {
  const i = args.findIndex((a) => a === "--port" || a.startsWith("--port="));
  if (i < 0) return 8787;
  return Number(args[i].includes("=") ? args[i].split("=")[1] : args[i + 1]);
}

const args = process.argv.slice(2);
run(process.execPath, [join(root, "scripts", "prepare-data.mjs")]);
await prepareAssets();
const token = ensureDevVars();
run(wrangler, ["d1", "migrations", "apply", "DB", "--local"]);

const port = portFrom(args);
const dev = spawn(
  wrangler,
  [
    "dev",
    "--port",
    String(port),
    ...args.filter((a, i) => !(a === "--port" || a.startsWith("--port=") || args[i - 1] === "--port")),
  ],
  {
    cwd: root,
    env,
    stdio: "inherit",
  },
);
for (const sig of /** @type {const} */ (["SIGINT", "SIGTERM"])) process.on(sig, () => dev.kill(sig));
dev.on("exit", (code) => process.exit(code ?? 0));

loadDefaults(`http://localhost:${port}`, token, { root }).catch((err) => {
  console.error(`\n  loading the default models and digits failed: ${err.message}\n`);
});
