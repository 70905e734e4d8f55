import type { ServerApi } from "./server-api";

/** Album membership is sent in batches the API takes (≤ 500 ids a call). */
const ADD_BATCH = 500;

/** The caller's album with exactly this name (the oldest, if several), made when there is none. */
export async function findOrCreateAlbum(api: ServerApi, name: string): Promise<{ id: string; name: string; isNew: boolean }> {
  const wanted = name.trim();
  let found: { id: string; name: string } | undefined;
  let cursor: string | undefined;
  do {
    const page = await api.listAlbums(cursor);
    // Pages run newest first: the last match seen is the oldest album of that name.
    for (const album of page.albums) if (album.name === wanted) found = album;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  if (found) return { ...found, isNew: false };
  return { ...(await api.createAlbum(wanted)), isNew: true };
}

/** Puts the images in the album; answers how many were new to it. */
export async function addAllToAlbum(api: ServerApi, albumId: string, imageIds: readonly string[]): Promise<number> {
  let added = 0;
  for (let start = 0; start < imageIds.length; start += ADD_BATCH) added += await api.addToAlbum(albumId, imageIds.slice(start, start + ADD_BATCH));
  return added;
}
