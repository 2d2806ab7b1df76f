import type { Env } from "../../worker/env";

declare module "cloudflare:test" {
  interface ProvidedEnv extends Env {
    TEST_MIGRATIONS: D1Migration[];
    /** Cases of the main fuzz property, scaled from 1500 (empty: the default). */
    FUZZ_RUNS: string;
    FUZZ_REPORT: string;
    REPORT: Fetcher;
    /** Files under fixtures/, served from Node (see vitest.config.ts). */
    FIXTURES: Fetcher;
    /** The 60,000 / 10,000 MNIST-format set of scripts/make-idx-set.mjs, IDX .gz files by name (see vitest.config.ts). */
    IDX_SET: Fetcher;
    /** The repository's README.md and examples/ (see vitest.config.ts). */
    DOCS: Fetcher;
  }
}
