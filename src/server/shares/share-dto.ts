import "server-only";
import type { ShareExpiry, ShareState } from "@/lib/api-types";
import { shares } from "../db/schema";

export type ShareRow = typeof shares.$inferSelect;

export type { ShareDto, ShareExpiry, ShareState } from "@/lib/api-types";

/** Seconds each expiry choice lasts; null never expires. */
export const shareExpiries = { "1h": 3600, "1d": 86_400, "7d": 7 * 86_400, never: null } as const satisfies Record<ShareExpiry, number | null>;

/** One image as a share link shows it: the stripped copy, with nothing that points back at its owner. */
export interface SharedImageDto {
  name: string;
  type: string;
  /** Bytes of the shared copy (not the original). */
  size: number;
  width: number;
  height: number;
  /** A short-lived signed GET for viewing inline. */
  url: string;
  /** A short-lived signed GET that saves under the original file name. */
  downloadUrl: string;
}

/** What `/s/{token}` and `GET /api/public/shares/{token}` show. */
export interface OpenedShareDto {
  expiresAt: string | null;
  images: SharedImageDto[];
}

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
