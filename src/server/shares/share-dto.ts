import "server-only";
import type { ShareExpiry, ShareState } from "@/contract/shares";
import { shares } from "../db/schema";

export type ShareRow = typeof shares.$inferSelect;

export type { ShareDto, ShareExpiry, ShareState } from "@/contract/shares";

/** Seconds each expiry choice lasts; null never expires. */
export const shareExpiries = { "1h": 3600, "1d": 86_400, "7d": 7 * 86_400, never: null } as const satisfies Record<ShareExpiry, number | null>;

export type { OpenedShareDto, SharedImageDto } from "@/contract/shares";

/** Where a share link's page lives; the token is URL-safe already, encoding is belt and braces. */
export function sharePath(token: string): string {
  return `/s/${encodeURIComponent(token)}`;
}

/** Revoked wins over expired: the owner's act is the more useful thing to show. */
export function shareState(share: Pick<ShareRow, "expiresAt" | "revokedAt">, now: Date): ShareState {
  if (share.revokedAt) return "revoked";
  if (share.expiresAt && share.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}
