import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Config } from "../config";
import { sharePath } from "./share-dto";

/**
 * After the right password, the share page is let in by a cookie instead of the password: an
 * HMAC of the share id and an expiry under the app secret, httpOnly, SameSite=Lax, and scoped to
 * the one link's path, so it unlocks that share and travels nowhere else.
 */
export const UNLOCK_COOKIE_NAME = "pixbucket_share_unlock";
const UNLOCK_SECONDS = 24 * 3600;

function mac(secret: string, shareId: string, expiresAtUnix: number): string {
  return createHmac("sha256", `pixbucket-share-unlock:${secret}`).update(`${shareId}\n${expiresAtUnix}`).digest("base64url");
}

/** The Set-Cookie value for a share just unlocked; it never outlives the share itself. */
export function unlockCookieHeader(config: Config, share: { id: string; expiresAt: Date | null }, token: string, now: Date): { header: string; expiresAt: Date } {
  const untilMs = Math.min(now.getTime() + UNLOCK_SECONDS * 1000, share.expiresAt?.getTime() ?? Infinity);
  const expiresAtUnix = Math.floor(untilMs / 1000);
  const maxAge = Math.max(0, expiresAtUnix - Math.floor(now.getTime() / 1000));
  const secure = config.publicUrl?.startsWith("https://") ? "; Secure" : "";
  const value = `${expiresAtUnix}.${mac(config.secret, share.id, expiresAtUnix)}`;
  return {
    header: `${UNLOCK_COOKIE_NAME}=${value}; Path=${sharePath(token)}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`,
    expiresAt: new Date(expiresAtUnix * 1000),
  };
}

export function isUnlockCookieValid(config: Config, shareId: string, value: string | undefined, now: Date): boolean {
  const [expires, given] = (value ?? "").split(".");
  const expiresAtUnix = Number(expires);
  if (!given || !Number.isInteger(expiresAtUnix) || expiresAtUnix * 1000 <= now.getTime()) return false;
  const expected = Buffer.from(mac(config.secret, shareId, expiresAtUnix));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The unlock cookie's value from a Cookie request header, if any. */
export function readUnlockCookie(cookieHeader: string | null): string | undefined {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === UNLOCK_COOKIE_NAME) return rest.join("=");
  }
  return undefined;
}
