/**
 * Typed calls to the album endpoints, beside `api-client.ts` and with the same contract: JSON in
 * and out, every failure an `ApiError` carrying the server's code and sentence.
 */
import { requestJson } from "./api-client";

export interface AlbumDto {
  id: string;
  name: string;
  imageCount: number;
  coverThumbnailUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AlbumPage {
  albums: AlbumDto[];
  nextCursor: string | null;
}

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

/** Adds the images (≤ 500 a call; the API's bound) and answers how many were new to the album. */
export async function addAlbumImages(albumId: string, imageIds: readonly string[]): Promise<number> {
  let added = 0;
  for (let start = 0; start < imageIds.length; start += 500) {
    const body = await requestJson<{ added: number }>(`/api/albums/${id(albumId)}/images`, { method: "POST", json: { imageIds: imageIds.slice(start, start + 500) } });
    added += body.added;
  }
  return added;
}

export async function removeAlbumImages(albumId: string, imageIds: readonly string[]): Promise<number> {
  let removed = 0;
  for (let start = 0; start < imageIds.length; start += 500) {
    const body = await requestJson<{ removed: number }>(`/api/albums/${id(albumId)}/images/remove`, { method: "POST", json: { imageIds: imageIds.slice(start, start + 500) } });
    removed += body.removed;
  }
  return removed;
}
