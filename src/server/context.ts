import "server-only";
import type { Config } from "./config";
import type { Database } from "./db/client";
import type { Logger } from "./logger";
import type { Runtime } from "./runtime";
import type { StorageDriver } from "./storage/driver";

/** Who is calling. Until accounts exist every request acts as the one built-in local owner. */
export interface CurrentUser {
  id: string;
}

export const LOCAL_OWNER: CurrentUser = Object.freeze({ id: "local-owner" });

/** What a service receives: everything it may touch, nothing global. */
export interface ServiceContext {
  user: CurrentUser;
  db: Database;
  storage: StorageDriver;
  config: Config;
  logger: Logger;
  runtime: Runtime;
  now: () => Date;
}

export function createServiceContext(runtime: Runtime, user: CurrentUser): ServiceContext {
  return {
    user,
    db: runtime.db,
    storage: runtime.storage,
    config: runtime.config,
    logger: runtime.logger,
    runtime,
    now: () => new Date(),
  };
}
