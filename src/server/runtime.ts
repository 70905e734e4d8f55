import "server-only";
import { createAuth } from "./auth/create-auth";
import { getConfig, loadConfig, type Config } from "./config";
import type { Env } from "./config/parse-config";
import type { ServiceParts } from "./context";
import { openDatabase, type DatabaseHandle } from "./db/client";
import { createLogger } from "./logger";
import { cacheSignedGets } from "./storage/cache-signed-gets";
import { countStorageFailure, instrumentStorage } from "./metrics/instrument-storage";
import { createStorage } from "./storage";
import { LocalStorageDriver } from "./storage/local";
import { handleLocalObjectRequest } from "./storage-routes/local-object-handler";
import { createCpuAwareLimit } from "./uploads/cpu-aware-limit";

/**
 * The process-wide parts every request shares (the composition root). The app keeps no other
 * state: instances scale out. Building one starts no background work (background-work.ts).
 */
export interface Runtime extends ServiceParts {
  database: DatabaseHandle;
  /** Answers the signed URLs of storage served through this app (the local driver); null with S3. */
  serveStorageRequest: ((request: Request) => Promise<Response>) | null;
  /** Closes the database. */
  stop(): Promise<void>;
}

const globalForRuntime = globalThis as unknown as { pixbucketRuntime?: Promise<Runtime> };

export async function createRuntime(config: Config): Promise<Runtime> {
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config.database);
  await database.migrate();
  const driver = createStorage(config);
  const storage = instrumentStorage(cacheSignedGets(driver));
  await storage.ensureReady();
  logger.info({ storage: storage.kind, database: database.kind }, "pixbucket ready");
  const runtime: Runtime = {
    config,
    db: database.db,
    database,
    storage,
    // Refused bodies are answers, not failures; only what the handler throws counts.
    serveStorageRequest:
      driver instanceof LocalStorageDriver
        ? (request) => handleLocalObjectRequest(driver, config.secret, request).catch((error: unknown) => countStorageFailure("serveSignedRequest", error))
        : null,
    logger,
    auth: createAuth(config, database.db),
    // The configured concurrency is the ceiling; below it, what the machine's free cores allow.
    verifyLimit: createCpuAwareLimit({ max: config.uploads.verifyConcurrency }),
    stop: () => database.close(),
  };
  return runtime;
}

/** Opens the database, applies migrations and checks storage once per process. */
export function getRuntime(): Promise<Runtime> {
  globalForRuntime.pixbucketRuntime ??= createRuntime(getConfig()).catch((error: unknown) => {
    globalForRuntime.pixbucketRuntime = undefined; // let the next request try again
    throw error;
  });
  return globalForRuntime.pixbucketRuntime;
}

/** The runtime already started (or starting), without starting one: for code that must not open the database. */
export function startedRuntime(): Promise<Runtime> | undefined {
  return globalForRuntime.pixbucketRuntime;
}

/** Tests build their own runtime from their own env and install it for the route handlers. */
export async function installRuntime(env: Env): Promise<Runtime> {
  const runtime = await createRuntime(loadConfig(env));
  globalForRuntime.pixbucketRuntime = Promise.resolve(runtime);
  return runtime;
}

export async function closeRuntime(): Promise<void> {
  const current = globalForRuntime.pixbucketRuntime;
  globalForRuntime.pixbucketRuntime = undefined;
  if (current) await (await current).stop();
}
