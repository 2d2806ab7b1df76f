import { defineConfig } from "vitest/config";
import { defineWorkersProject, readD1Migrations } from "@cloudflare/vitest-pool-workers/config";

// Two projects: core/ runs in plain Node (it is platform-free), worker/ runs inside
// workerd through the Workers Vitest pool with real KV and D1 from Miniflare.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "core",
          include: ["core/**/*.test.ts", "test/node/**/*.test.ts"],
          environment: "node",
        },
      },
      defineWorkersProject(async () => {
        const migrations = await readD1Migrations("migrations");
        return {
          test: {
            name: "worker",
            include: ["test/worker/**/*.test.ts"],
            setupFiles: ["test/worker/apply-migrations.ts"],
            poolOptions: {
              workers: {
                singleWorker: true,
                wrangler: { configPath: "./wrangler.toml" },
                miniflare: {
                  bindings: {
                    ADMIN_TOKEN: "test-admin-token",
                    GRADING_SECRET: "test-grading-secret",
                    TEST_MIGRATIONS: migrations,
                  },
                },
              },
            },
          },
        };
      }),
    ],
  },
});
