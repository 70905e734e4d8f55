import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** API tokens for scripts and the CLI. Only a SHA-256 of the token is kept; it is shown once. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    /** The first characters, so a person can tell tokens apart in a list. */
    tokenPrefix: text("token_prefix").notNull(),
    /**
     * What the token may do (src/lib/token-scopes.ts). The default is for tokens made before
     * scopes existed, which could do everything; new tokens always name theirs.
     */
    scopes: text("scopes").array().notNull().default(sql`ARRAY['upload','read','delete','share']::text[]`),
    expiresAt: at("expires_at"),
    lastUsedAt: at("last_used_at"),
    revokedAt: at("revoked_at"),
    createdAt: at("created_at").notNull(),
  },
  // Newest-first keyset pages per user, walked backwards: (created_at, id) < (?, ?).
  (table) => [index("api_tokens_user_created_id_idx").on(table.userId, table.createdAt, table.id)],
);

/** Invitation links an admin hands out; single use, expiring. */
export const invites = pgTable(
  "invites",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    email: text("email"),
    role: text("role").notNull().default("user"),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: at("expires_at").notNull(),
    usedAt: at("used_at"),
    createdAt: at("created_at").notNull(),
  },
  // Newest-first keyset pages across every admin.
  (table) => [index("invites_created_id_idx").on(table.createdAt, table.id)],
);

/** Fixed-window counters shared by every instance (the app keeps no state of its own). */
export const rateLimits = pgTable(
  "rate_limits",
  {
    /** `kind:sha256` (rate-limit-key.ts): bounded, and no addresses or emails at rest. */
    key: text("key").primaryKey(),
    windowStartedAt: at("window_started_at").notNull(),
    count: integer("count").notNull(),
  },
  // The sweeper's purge of long-ended windows.
  (table) => [index("rate_limits_window_started_at_idx").on(table.windowStartedAt)],
);
