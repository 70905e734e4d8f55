import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // `@/…` imports, as in tsconfig.json.
    tsconfigPaths: true,
    alias: {
      // Server modules start with `import "server-only"`, which throws outside React Server
      // Components; tests import those modules directly.
      "server-only": fileURLToPath(new URL("./tests/helpers/server-only-stub.ts", import.meta.url)),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          // Checks every answer a test receives against the OpenAPI document.
          setupFiles: ["tests/helpers/contract-setup.ts"],
          // One file at a time: each embedded database (PGlite) costs ~700 MB per worker, and the
          // S3 server and Postgres are shared (one test stops S3 to check the health endpoint).
          fileParallelism: false,
          maxWorkers: 1,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
