/**
 * Typed calls to the share-link endpoints, beside `api-client.ts` and with the same contract:
 * JSON in and out, every failure an `ApiError` carrying the server's code and sentence.
 */
import { requestJson } from "./api-client";

import type { CreatedShare, ShareExpiry, SharePage } from "@/contract/shares";

export type { CreatedShare, ShareDto, ShareExpiry, SharePage, ShareState } from "@/contract/shares";


export const shareExpiryLabels: Record<ShareExpiry, string> = { "1h": "1 hour", "1d": "1 day", "7d": "7 days", never: "Never" };

/** POST /api/shares — the answer holds the link, which cannot be shown again later. */
export function createShare(input: ({ imageIds: string[] } | { albumId: string }) & { expiresIn: ShareExpiry; password?: string }): Promise<CreatedShare> {
  return requestJson<CreatedShare>("/api/shares", { method: "POST", json: input });
}

/** GET /api/shares — newest first, keyset-paginated. */
export async function listShares({ cursor, limit = 60 }: { cursor?: string | null; limit?: number } = {}, signal?: AbortSignal): Promise<SharePage> {
  const params = new URLSearchParams({ limit: String(limit) });
  if (cursor) params.set("cursor", cursor);
  const body = await requestJson<SharePage>(`/api/shares?${params.toString()}`, { signal });
  return { shares: Array.isArray(body.shares) ? body.shares : [], nextCursor: body.nextCursor ?? null };
}

/** DELETE /api/shares/{id} — the link answers "not found" from then on. */
export function revokeShare(shareId: string): Promise<void> {
  return requestJson<void>(`/api/shares/${encodeURIComponent(shareId)}`, { method: "DELETE" });
}

/** POST /api/public/shares/{token}/unlock — sets the cookie that lets the share page in. */
export function unlockShare(token: string, password: string): Promise<{ unlockedUntil: string }> {
  return requestJson(`/api/public/shares/${encodeURIComponent(token)}/unlock`, { method: "POST", json: { password } });
}
