// Runs the browser tests alone: npx vitest run --config test/e2e/vitest.config.ts
// (the lead's root vitest.config.ts can list the same settings as an "e2e" project).
import { join } from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: join(import.meta.dirname, "..", ".."),
  test: {
    name: "e2e",
    include: ["test/e2e/**/*.test.ts"],
    environment: "node",
    // starting wrangler dev and seeding it; a training job streams for a few seconds
    hookTimeout: 180_000,
    testTimeout: 180_000,
  },
});
