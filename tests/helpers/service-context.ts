import pLimit from "p-limit";
import { createAuth } from "@/server/auth/create-auth";
import type { Config } from "@/server/config";
import { createServiceContext, type CurrentUser, type ServiceContext } from "@/server/context";
import type { Database } from "@/server/db/client";
import { createLogger } from "@/server/logger";
import type { StorageDriver } from "@/server/storage/driver";

/**
 * A real service context built from the named parts a test has (its own database and storage),
 * with the rest made as the runtime makes them: no runtime, nothing started in the background.
 */
export function buildServiceContext(parts: { db: Database; storage: StorageDriver; config: Config; user: CurrentUser; now?: () => Date }): ServiceContext {
  const context = createServiceContext(
    {
      db: parts.db,
      storage: parts.storage,
      config: parts.config,
      logger: createLogger("silent"),
      auth: createAuth(parts.config, parts.db),
      verifyLimit: pLimit(parts.config.uploads.verifyConcurrency),
    },
    parts.user,
  );
  return parts.now ? { ...context, now: parts.now } : context;
}
