/**
 * Typed calls to the album endpoints, beside `api-client.ts` and with the same contract: JSON in
 * and out, every failure an `ApiError` carrying the server's code and sentence.
 */
import type { AlbumDto, AlbumPage } from "@/contract/albums";
import { requestJson } from "./api-client";

export type { AlbumDto, AlbumPage } from "@/contract/albums";

/** The most ids one membership call takes (the API's bound). */
const MEMBERSHIP_BATCH = 500;


const id = (value: string) => encodeURIComponent(value);

/** GET /api/albums — newest first, keyset-paginated. */
export async function listAlbums({ cursor, limit = 60 }: { cursor?: string | null; limit?: number } = {}, signal?: AbortSignal): Promise<AlbumPage> {
  const params = new URLSearchParams({ limit: String(limit) });
  if (cursor) params.set("cursor", cursor);
  const body = await requestJson<AlbumPage>(`/api/albums?${params.toString()}`, { signal });
  return { albums: Array.isArray(body.albums) ? body.albums : [], nextCursor: body.nextCursor ?? null };
}

export async function getAlbum(albumId: string, signal?: AbortSignal): Promise<AlbumDto> {
  return (await requestJson<{ album: AlbumDto }>(`/api/albums/${id(albumId)}`, { signal })).album;
}

export async function createAlbum(name: string): Promise<AlbumDto> {
  return (await requestJson<{ album: AlbumDto }>("/api/albums", { method: "POST", json: { name } })).album;
}

export async function updateAlbum(albumId: string, change: { name?: string; coverImageId?: string | null }): Promise<AlbumDto> {
  return (await requestJson<{ album: AlbumDto }>(`/api/albums/${id(albumId)}`, { method: "PATCH", json: change })).album;
}

export async function deleteAlbum(albumId: string): Promise<void> {
  await requestJson<void>(`/api/albums/${id(albumId)}`, { method: "DELETE" });
}

/** Sends the ids to a membership route a batch at a time and sums the count it answers. */
async function changeMembers(path: string, field: "added" | "removed", imageIds: readonly string[]): Promise<number> {
  let total = 0;
  for (let start = 0; start < imageIds.length; start += MEMBERSHIP_BATCH) {
    const body = await requestJson<Record<typeof field, number>>(path, { method: "POST", json: { imageIds: imageIds.slice(start, start + MEMBERSHIP_BATCH) } });
    total += body[field];
  }
  return total;
}

/** Adds the images and answers how many were new to the album. */
export function addAlbumImages(albumId: string, imageIds: readonly string[]): Promise<number> {
  return changeMembers(`/api/albums/${id(albumId)}/images`, "added", imageIds);
}

/** Takes the images out of the album (they stay in the library); answers how many were in it. */
export function removeAlbumImages(albumId: string, imageIds: readonly string[]): Promise<number> {
  return changeMembers(`/api/albums/${id(albumId)}/images/remove`, "removed", imageIds);
}
