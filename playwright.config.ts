import path from "node:path";
import { defineConfig, type PlaywrightTestConfig } from "@playwright/test";
import { authStatePath } from "./tests/e2e/support/auth-state";
import { browserUse, runnerSettings } from "./tests/e2e/support/browser-use";
import { ensureRunDir } from "./tests/e2e/support/run-dir";
import { databaseUrlFor, readTestEnvFile, requireTestEnv } from "./tests/helpers/test-env";

/**
 * End-to-end tests drive the production build (`npm run build` first) in Debian's Chromium, on two
 * stacks at once, each a `next start` server of its own:
 *   - `local` (port 3100): the zero-config defaults, local storage + embedded PGlite.
 *   - `s3` (port 3101): Ceph RGW + Postgres from scripts/services.sh, on a freshly created database.
 * A spec runs on both stacks unless its name says otherwise: `*.local.spec.ts` or `*.s3.spec.ts`;
 * `*.pair.spec.ts` run only in playwright.pair.config.ts (two instances behind nginx).
 * Each server starts with no accounts: its `<stack>-setup` project (auth.setup.ts) creates the admin
 * through the first-run page and saves the session, which the stack's specs start from.
 * A third server, `s3-short-expiry` (port 3102), is the s3 stack with upload URLs that expire after
 * 3 s and 5 MiB parts; tests in the `s3` project reach it through `project.metadata`.
 */

// PIXBUCKET_RIG_SLOT (scripts/services.sh) moves these by 10 a slot, like the rig's own ports.
const portBase = 3100 + 10 * Number(process.env.PIXBUCKET_RIG_SLOT || readTestEnvFile().PIXBUCKET_RIG_SLOT || 0);
const localPort = portBase;
const s3Port = portBase + 1;
const shortExpiryPort = portBase + 2;
const localOrigin = `http://127.0.0.1:${localPort}`;
const s3Origin = `http://127.0.0.1:${s3Port}`;
const shortExpiryOrigin = `http://127.0.0.1:${shortExpiryPort}`;
const e2eDatabase = "pixbucket_e2e";
const shortExpiryDatabase = "pixbucket_e2e_short_expiry";

const runDir = ensureRunDir("pixbucket-e2e-");

// Fails here, with the fix in the message, when the test services are not running.
const testEnv = requireTestEnv();

/** Variables the servers must not inherit from the shell: each stack sets exactly its own. */
const cleared = {
  PIXBUCKET_STORAGE: "",
  S3_ENDPOINT: "",
  S3_ACCESS_KEY_ID: "",
  S3_SECRET_ACCESS_KEY: "",
  S3_REGION: "",
  S3_BUCKET_NAME: "",
  DATABASE_URL: "",
  PIXBUCKET_SECRET: "",
};

const common = { NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: "warn" };

const s3Storage = {
  PIXBUCKET_STORAGE: "s3",
  S3_ENDPOINT: testEnv.TEST_S3_ENDPOINT,
  S3_ACCESS_KEY_ID: testEnv.TEST_S3_ACCESS_KEY_ID,
  S3_SECRET_ACCESS_KEY: testEnv.TEST_S3_SECRET_ACCESS_KEY,
  S3_REGION: testEnv.TEST_S3_REGION,
  // Its CORS rule (scripts/rig/bucket-cors.json) allows every e2e origin.
  S3_BUCKET_NAME: testEnv.TEST_S3_BUCKET,
};

const servers: PlaywrightTestConfig["webServer"] = [
  {
    name: "local",
    command: `npx next start -p ${localPort} -H 127.0.0.1`,
    // /api/health answers 200 only once the database is migrated and storage answers.
    url: `${localOrigin}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      ...cleared,
      ...common,
      PIXBUCKET_DATA_DIR: path.join(runDir, "local"),
      PIXBUCKET_PUBLIC_URL: localOrigin,
    },
  },
  {
    name: "s3",
    // The database is made here, not in globalSetup: Playwright starts web servers first.
    command: `npx tsx tests/e2e/prepare-s3-server.ts ${e2eDatabase} && exec npx next start -p ${s3Port} -H 127.0.0.1`,
    url: `${s3Origin}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      ...cleared,
      ...common,
      PIXBUCKET_DATA_DIR: path.join(runDir, "s3"),
      PIXBUCKET_PUBLIC_URL: s3Origin,
      ...s3Storage,
      DATABASE_URL: databaseUrlFor(testEnv.TEST_DATABASE_URL, e2eDatabase),
    },
  },
  {
    name: "s3-short-expiry",
    // For re-signing tests: a part URL expires while its request is held back. 5 MiB parts keep the files small.
    command: `npx tsx tests/e2e/prepare-s3-server.ts ${shortExpiryDatabase} && exec npx next start -p ${shortExpiryPort} -H 127.0.0.1`,
    url: `${shortExpiryOrigin}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      ...cleared,
      ...common,
      PIXBUCKET_DATA_DIR: path.join(runDir, "s3-short-expiry"),
      PIXBUCKET_PUBLIC_URL: shortExpiryOrigin,
      ...s3Storage,
      DATABASE_URL: databaseUrlFor(testEnv.TEST_DATABASE_URL, shortExpiryDatabase),
      PIXBUCKET_UPLOAD_EXPIRY_SECONDS: "3",
      PIXBUCKET_MULTIPART_THRESHOLD_BYTES: String(5 * 1024 * 1024),
      PIXBUCKET_MULTIPART_PART_BYTES: String(5 * 1024 * 1024),
      // Single PUTs there expire after 3 s; the sweeper must not take uploads a test is still sending.
      PIXBUCKET_SWEEP_INTERVAL_SECONDS: "0",
    },
  },
];

/** What a test may need to know about its project's server besides `baseURL`. */
export interface E2eProjectMetadata {
  /** The server's own database, for checks the API does not answer (e.g. uploads left pending). */
  databaseUrl?: string;
  /** The bucket the project's server stores in; unset for local storage (files under the run dir). */
  bucket?: string;
  /** The s3 stack with 3 s upload URLs and 5 MiB parts, and its database. */
  shortExpiry?: { origin: string; databaseUrl: string; partBytes: number };
}

const s3Metadata: E2eProjectMetadata = {
  databaseUrl: databaseUrlFor(testEnv.TEST_DATABASE_URL, e2eDatabase),
  bucket: testEnv.TEST_S3_BUCKET,
  shortExpiry: { origin: shortExpiryOrigin, databaseUrl: databaseUrlFor(testEnv.TEST_DATABASE_URL, shortExpiryDatabase), partBytes: 5 * 1024 * 1024 },
};

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  ...runnerSettings,
  use: { ...browserUse, baseURL: localOrigin },
  projects: [
    { name: "local-setup", testMatch: "auth.setup.ts", use: { baseURL: localOrigin } },
    { name: "s3-setup", testMatch: "auth.setup.ts", use: { baseURL: s3Origin } },
    {
      name: "local",
      dependencies: ["local-setup"],
      testIgnore: ["**/*.s3.spec.ts", "**/*.pair.spec.ts"],
      use: { baseURL: localOrigin, storageState: authStatePath("local") },
    },
    {
      name: "s3",
      dependencies: ["s3-setup"],
      testIgnore: ["**/*.local.spec.ts", "**/*.pair.spec.ts"],
      use: { baseURL: s3Origin, storageState: authStatePath("s3") },
      metadata: s3Metadata,
    },
  ],
  webServer: servers,
});
