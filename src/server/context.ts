import "server-only";
import type { Config } from "./config";
import type { Database } from "./db/client";
import type { Logger } from "./logger";
import type { Runtime } from "./runtime";
import type { StorageDriver } from "./storage/driver";
import type { TokenScope } from "@/lib/token-scopes";

/** Who is calling: a signed-in person or a script holding one of their API tokens. */
export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: "admin" | "user";
  /** Set when the call came with an API token rather than a session. */
  tokenId?: string;
  /** What the caller may do: a token's scopes, or all of them for a signed-in person. */
  scopes: readonly TokenScope[];
}

/**
 * The owner of everything uploaded before accounts existed. The first admin inherits it
 * (see create-first-admin.ts); it never signs in.
 */
export const LOCAL_OWNER_ID = "local-owner";

/** What a service receives: everything it may touch, nothing global. */
export interface ServiceContext {
  user: CurrentUser;
  db: Database;
  storage: StorageDriver;
  config: Config;
  logger: Logger;
  runtime: Runtime;
  now: () => Date;
  /** This app's origin as the caller reached it (through trusted proxies), for links back to it; "" when unknown. */
  origin: string;
}

/** For public routes and start-up work: the same parts, no caller. */
export type PublicContext = Omit<ServiceContext, "user">;

/** `origin`: the request's (see request-origin.ts), so storage that serves through this app signs absolute URLs. */
export function createPublicContext(runtime: Runtime, origin?: string): PublicContext {
  const storage = origin ? (runtime.storage.forOrigin?.(origin) ?? runtime.storage) : runtime.storage;
  return { db: runtime.db, storage, config: runtime.config, logger: runtime.logger, runtime, now: () => new Date(), origin: origin ?? "" };
}

export function createServiceContext(runtime: Runtime, user: CurrentUser, origin?: string): ServiceContext {
  return { ...createPublicContext(runtime, origin), user };
}
