import "server-only";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { nextCookies } from "better-auth/next-js";
import { admin } from "better-auth/plugins/admin";
import type { Config } from "../config";
import type { Database } from "../db/client";
import { accounts, sessions, users, verifications } from "../db/schema";
import { requestOrigin } from "../http/request-origin";
import { applyDefaultQuota } from "../usage/apply-default-quota";

export const MIN_PASSWORD_LENGTH = 8;

/**
 * Accounts, sessions and passwords, on our own database. Sessions are httpOnly, SameSite=Lax
 * cookies (Secure when served over https). Sign-up is closed unless the operator opens it; the
 * first admin is made through the setup page or the CLI, others by an admin or an invite.
 */
export function createAuth(config: Config, db: Database) {
  return betterAuth({
    appName: "Pixbucket",
    secret: config.secret,
    baseURL: config.publicUrl,
    database: drizzleAdapter(db, { provider: "pg", schema: { users, sessions, accounts, verifications }, usePlural: true }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: !config.auth.allowSignup,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      revokeSessionsOnPasswordReset: true,
    },
    // With no public URL configured (the zero-config start), the library trusts no browser origin
    // and refuses every sign-in. Trust the origin the request was addressed to instead (through
    // a trusted proxy, the one it forwarded): the browser's Origin must then equal it, a plain
    // same-origin check.
    trustedOrigins: config.publicUrl ? undefined : (request) => (request ? [requestOrigin(request, config)] : []),
    session: { expiresIn: 30 * 24 * 3600, updateAge: 24 * 3600 },
    // Our own Postgres-backed limiter guards sign-in (shared across instances); see the auth route.
    rateLimit: { enabled: false },
    advanced: {
      useSecureCookies: config.publicUrl?.startsWith("https://") ?? false,
      // The library skips its Origin check when NODE_ENV=test; tests must see what production does.
      disableOriginCheck: false,
    },
    telemetry: { enabled: false },
    // Every way an account is made (setup, admin, invite, open sign-up) passes through here.
    databaseHooks: { user: { create: { after: (user) => applyDefaultQuota(db, config, user.id) } } },
    plugins: [admin({ defaultRole: "user", adminRoles: ["admin"] }), nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;
