// The Python package's sdist, served by the Worker as /py/edgegrad.tar.gz so a class can
// `pip install http://<host>/py/edgegrad.tar.gz` with no package index. Built by the package's
// own standard-library build backend (clients/python/build_backend.py, reproducible bytes);
// a build product (worker/public/py/ is not committed). Without python3 it is skipped with a
// warning: the rest of the Worker does not need it.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SDIST = join(root, "worker", "public", "py", "edgegrad.tar.gz");

/** Builds the sdist into worker/public/py/ (rewritten only when its bytes change); returns its path or null. */
export function buildPythonSdist({ python = process.env.PYTHON ?? "python3" } = {}) {
  const out = mkdtempSync(join(tmpdir(), "edgegrad-sdist-"));
  try {
    const r = spawnSync(python, [join(root, "clients", "python", "build_backend.py"), out], { encoding: "utf8" });
    if (/** @type {NodeJS.ErrnoException | undefined} */ (r.error)?.code === "ENOENT") {
      console.warn(`prepare-assets: no ${python}; /py/edgegrad.tar.gz (the Python package) is not built`);
      return null;
    }
    if (r.status !== 0) throw new Error(`building the Python sdist failed:\n${r.stdout}${r.stderr}`);
    const built = r.stdout.trim();
    mkdirSync(dirname(SDIST), { recursive: true });
    if (!existsSync(SDIST) || !readFileSync(SDIST).equals(readFileSync(built))) copyFileSync(built, SDIST);
    return SDIST;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
