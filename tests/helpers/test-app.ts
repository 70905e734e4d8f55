import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { closeRuntime, installRuntime, type Runtime } from "@/server/runtime";
import { serveHandler } from "./http-server";
import { createDispatcher } from "./route-table";
import { createTestBucket, createTestDatabase, requireTestEnv } from "./test-env";

export type Stack = "embedded" | "s3";

export interface TestApp {
  stack: Stack;
  origin: string;
  runtime: Runtime;
  /** fetch against the app, path relative to its origin. */
  api(pathname: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The real route handlers behind a real HTTP server, on a real stack: `embedded` is local storage
 * + PGlite (the zero-config default), `s3` is RGW + Postgres, each on a fresh bucket/database.
 */
export async function startTestApp(stack: Stack, extraEnv: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "pixbucket-app-"));
  const server = await serveHandler(createDispatcher());
  const cleanups: (() => Promise<void>)[] = [() => server.close(), () => rm(dataDir, { recursive: true, force: true })];
  const env: Record<string, string> = { PIXBUCKET_DATA_DIR: dataDir, PIXBUCKET_PUBLIC_URL: server.origin, LOG_LEVEL: "silent", ...extraEnv };

  if (stack === "s3") {
    const testEnv = requireTestEnv();
    const bucket = await createTestBucket();
    const database = await createTestDatabase();
    cleanups.push(() => bucket.drop(), () => database.drop());
    Object.assign(env, {
      S3_ENDPOINT: testEnv.TEST_S3_ENDPOINT,
      S3_ACCESS_KEY_ID: testEnv.TEST_S3_ACCESS_KEY_ID,
      S3_SECRET_ACCESS_KEY: testEnv.TEST_S3_SECRET_ACCESS_KEY,
      S3_REGION: testEnv.TEST_S3_REGION,
      S3_BUCKET_NAME: bucket.bucket,
      DATABASE_URL: database.url,
    });
  } else {
    env.PIXBUCKET_STORAGE = "local";
  }

  const runtime = await installRuntime({ ...env, ...extraEnv });
  return {
    stack,
    origin: server.origin,
    runtime,
    api: (pathname, init) => fetch(new URL(pathname, server.origin), init),
    close: async () => {
      // The runtime first: its pool must release connections before the database is dropped.
      await closeRuntime();
      const failures: unknown[] = [];
      for (const cleanup of cleanups) await cleanup().catch((error: unknown) => failures.push(error));
      if (failures.length > 0) throw failures[0];
    },
  };
}
