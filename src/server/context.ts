import "server-only";
import type { LimitFunction } from "p-limit";
import type { Auth } from "./auth/create-auth";
import type { Config } from "./config";
import type { Database } from "./db/client";
import type { Logger } from "./logger";
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

/**
 * The process-wide parts services use, each by name. The runtime (runtime.ts) holds these and
 * more (the database handle, start-up and shutdown), which services never see.
 */
export interface ServiceParts {
  /** The database, or the transaction a caller opened (db/with-transaction.ts). */
  db: Database;
  storage: StorageDriver;
  config: Config;
  logger: Logger;
  /** The auth library: accounts are created through it (create-user.ts). */
  auth: Auth;
  /**
   * Bounds concurrent image verification so hundreds of completes can't exhaust memory, and
   * follows the cores actually free below that ceiling (uploads/cpu-aware-limit.ts).
   */
  verifyLimit: LimitFunction;
}

/** What a service receives: everything it may touch, nothing global. */
export interface ServiceContext extends ServiceParts {
  user: CurrentUser;
  now: () => Date;
  /** This app's origin as the caller reached it (through trusted proxies), for links back to it; "" when unknown. */
  origin: string;
}

/** For public routes and start-up work: the same parts, no caller. */
export type PublicContext = Omit<ServiceContext, "user">;

/** `origin`: the request's (see request-origin.ts), so storage that serves through this app signs absolute URLs. */
export function createPublicContext(parts: ServiceParts, origin?: string): PublicContext {
  const storage = origin ? (parts.storage.forOrigin?.(origin) ?? parts.storage) : parts.storage;
  return {
    db: parts.db,
    storage,
    config: parts.config,
    logger: parts.logger,
    auth: parts.auth,
    verifyLimit: parts.verifyLimit,
    now: () => new Date(),
    origin: origin ?? "",
  };
}

export function createServiceContext(parts: ServiceParts, user: CurrentUser, origin?: string): ServiceContext {
  return { ...createPublicContext(parts, origin), user };
}
