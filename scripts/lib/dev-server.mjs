// Starts `wrangler dev` on a free loopback port with a throwaway admin token and its own
// local state directory, loads the default models and digits into it, and returns a handle.
// Used by the load test, the HTTP benchmark and the page's end-to-end tests.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadDefaults, waitForServer } from "../load-defaults.mjs";
import { wranglerEnv } from "./wrangler-env.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Returns { base, token, pid, stop() } once the server answers and holds the default models and digits.
 * `logLevel: "warn"` leaves out wrangler's line per request (measurements: that logging costs
 * about half the throughput of a trivial route).
 * @param {{ port?: number, loadData?: boolean, log?: (line: string) => void, logLevel?: "info" | "warn" }} [options]
 */
export async function startDevServer({ port, loadData = true, log = () => {}, logLevel = "info" } = {}) {
  port ??= await freePort();
  const token = randomBytes(18).toString("base64url");
  const state = mkdtempSync(join(tmpdir(), "edgegrad-dev-"));
  const wrangler = join(root, "node_modules", ".bin", "wrangler");
  const env = { ...wranglerEnv, CI: "true" };
  const migrate = spawnSync(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state], {
    cwd: root,
    env,
    encoding: "utf8",
  });
  if (migrate.status !== 0) throw new Error(`applying D1 migrations failed:\n${migrate.stdout}${migrate.stderr}`);
  const child = spawn(
    wrangler,
    [
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      state,
      "--var",
      `ADMIN_TOKEN:${token}`,
      "--var",
      `GRADING_SECRET:${randomBytes(18).toString("base64url")}`,
      "--show-interactive-dev-session=false",
      "--log-level",
      logLevel,
    ],
    { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const stop = () => {
    process.off("exit", stop);
    try {
      process.kill(-(child.pid ?? 0), "SIGTERM");
    } catch {
      // already gone
    }
    rmSync(state, { recursive: true, force: true });
  };
  // wrangler dev runs in its own process group (so stop() reaches workerd too) and would outlive
  // a caller that exits without stop(): an orphaned workerd was seen spinning at 65 % of a core.
  process.once("exit", stop);
  try {
    await waitForServer(base);
    if (loadData) await loadDefaults(base, token, { root, log });
  } catch (err) {
    stop();
    throw new Error(`${/** @type {Error} */ (err).message}\n--- wrangler output ---\n${output.slice(-4000)}`);
  }
  return { base, token, pid: child.pid, stop, output: () => output };
}
