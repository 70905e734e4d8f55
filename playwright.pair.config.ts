import { defineConfig } from "@playwright/test";
import type { E2eProjectMetadata } from "./playwright.config";
import { authStatePath } from "./tests/e2e/support/auth-state";
import { browserUse, runnerSettings } from "./tests/e2e/support/browser-use";
import { ensureRunDir } from "./tests/e2e/support/run-dir";
import { databaseUrlFor, readTestEnvFile, requireTestEnv } from "./tests/helpers/test-env";

/**
 * Pixbucket scaled out: two instances of the production build behind Debian's nginx, sharing one
 * Postgres database and the rig's RGW bucket (scripts/rig/instance-pair.ts runs all three). The
 * upload and share specs run here unchanged, through nginx, plus `*.pair.spec.ts`: restarts,
 * kills, and what the two instances must agree on (sweeps, rate limits).
 * Run after `npm run build`: `npx playwright test -c playwright.pair.config.ts`.
 */

// Next to the main config's three servers (3100 + 10 * slot + 0..2): nginx +3, instances +4/+5, control +6.
const slot = Number(process.env.PIXBUCKET_RIG_SLOT || readTestEnvFile().PIXBUCKET_RIG_SLOT || 0);
const nginxPort = 3103 + 10 * slot;
const pairOrigin = `http://127.0.0.1:${nginxPort}`;
const pairDatabase = "pixbucket_e2e_pair";
const metricsToken = "e2e-pair-metrics-token-0123456789";

// Specs that write files for the browser share one run dir, as in the main config.
ensureRunDir("pixbucket-e2e-pair-");

const testEnv = requireTestEnv();
const databaseUrl = databaseUrlFor(testEnv.TEST_DATABASE_URL, pairDatabase);

/** What the pair specs need besides `baseURL` (nginx). */
export interface PairProjectMetadata extends E2eProjectMetadata {
  pair: {
    /** Each instance directly, bypassing nginx. */
    instances: { a: string; b: string };
    /** scripts/rig/instance-pair.ts's control server (restart, kill, start). */
    control: string;
    metricsToken: string;
  };
}

const metadata: PairProjectMetadata = {
  databaseUrl,
  bucket: testEnv.TEST_S3_BUCKET,
  pair: {
    instances: { a: `http://127.0.0.1:${nginxPort + 1}`, b: `http://127.0.0.1:${nginxPort + 2}` },
    control: `http://127.0.0.1:${nginxPort + 3}`,
    metricsToken,
  },
};

export default defineConfig({
  testDir: "tests/e2e",
  ...runnerSettings,
  use: { ...browserUse, baseURL: pairOrigin },
  projects: [
    { name: "pair-setup", testMatch: "auth.setup.ts" },
    {
      name: "pair",
      dependencies: ["pair-setup"],
      testMatch: ["upload-flow.spec.ts", "accounts-and-sharing.spec.ts", "*.pair.spec.ts"],
      use: { storageState: authStatePath("pair") },
      metadata,
    },
  ],
  webServer: {
    name: "pair",
    command: `npx tsx tests/e2e/prepare-s3-server.ts ${pairDatabase} && exec npx tsx scripts/rig/instance-pair.ts --port ${nginxPort}`,
    url: `${pairOrigin}/api/health`,
    reuseExistingServer: false,
    timeout: 240_000,
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
      PIXBUCKET_STORAGE: "s3",
      S3_ENDPOINT: testEnv.TEST_S3_ENDPOINT,
      S3_ACCESS_KEY_ID: testEnv.TEST_S3_ACCESS_KEY_ID,
      S3_SECRET_ACCESS_KEY: testEnv.TEST_S3_SECRET_ACCESS_KEY,
      S3_REGION: testEnv.TEST_S3_REGION,
      S3_BUCKET_NAME: testEnv.TEST_S3_BUCKET,
      DATABASE_URL: databaseUrl,
      PIXBUCKET_PUBLIC_URL: pairOrigin,
      // Both instances must sign and check sessions and URLs alike.
      PIXBUCKET_SECRET: "e2e-pair-shared-secret-0123456789abcdef",
      PIXBUCKET_METRICS_TOKEN: metricsToken,
      // Both sweep every second, so a sweep test sees them contend for the lock.
      PIXBUCKET_SWEEP_INTERVAL_SECONDS: "1",
      PIXBUCKET_SHUTDOWN_DEADLINE_SECONDS: "8",
      // One nginx in front: the address it appends to X-Forwarded-For is the caller's.
      PIXBUCKET_TRUSTED_PROXIES: "1",
    },
  },
});
