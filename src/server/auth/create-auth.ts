import "server-only";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { nextCookies } from "better-auth/next-js";
import { admin } from "better-auth/plugins/admin";
import type { Config } from "../config";
import type { Database } from "../db/client";
import { accounts, sessions, users, verifications } from "../db/schema";

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
    session: { expiresIn: 30 * 24 * 3600, updateAge: 24 * 3600 },
    // Our own Postgres-backed limiter guards sign-in (shared across instances); see the auth route.
    rateLimit: { enabled: false },
    advanced: { useSecureCookies: config.publicUrl?.startsWith("https://") ?? false },
    telemetry: { enabled: false },
    plugins: [admin({ defaultRole: "user", adminRoles: ["admin"] }), nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;
