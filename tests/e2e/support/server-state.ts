import { createHash } from "node:crypto";
import { expect, type APIRequestContext } from "@playwright/test";
import type { ImageDto } from "../../../src/contract/images";

/** An image as the API lists it. */
export type ListedImage = ImageDto;

/** Every image on the server whose name starts with `prefix`, following `nextCursor`. */
export async function imagesNamed(request: APIRequestContext, origin: string, prefix: string): Promise<ListedImage[]> {
  const found: ListedImage[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const response = await request.get(`${origin}/api/images?limit=200${query}`);
    expect(response.status(), await response.text()).toBe(200);
    const page = (await response.json()) as { images: ListedImage[]; nextCursor: string | null };
    found.push(...page.images.filter((image) => image.name.startsWith(prefix)));
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

/**
 * Deletes images through the API, 500 at a time (the bulk endpoint's limit). The session cookie
 * changes things only same-origin; an instance's own address is not the pair's public URL, so the
 * request says it the way a browser's own fetch does.
 */
export async function deleteImages(request: APIRequestContext, origin: string, ids: readonly string[]): Promise<number> {
  let deleted = 0;
  for (let start = 0; start < ids.length; start += 500) {
    const response = await request.post(`${origin}/api/images/delete`, { data: { ids: ids.slice(start, start + 500) }, headers: { "sec-fetch-site": "same-origin" } });
    expect(response.status(), await response.text()).toBe(200);
    deleted += ((await response.json()) as { deleted: number }).deleted;
  }
  return deleted;
}

/**
 * The SHA-256 of an image's stored original, fetched the way a person downloads it: the API's
 * redirect, then the short-lived URL (S3 or the app's signed local URL), hashed as it streams.
 */
export async function downloadSha256(request: APIRequestContext, origin: string, imageId: string): Promise<{ sha256: string; bytes: number }> {
  const redirect = await request.get(`${origin}/api/images/${encodeURIComponent(imageId)}/download`, { maxRedirects: 0 });
  expect(redirect.status(), await redirect.text()).toBe(302);
  const location = new URL(redirect.headers().location!, origin);
  const response = await fetch(location);
  expect(response.status).toBe(200);
  const hash = createHash("sha256");
  let bytes = 0;
  const reader = response.body!.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    hash.update(chunk.value);
    bytes += chunk.value.byteLength;
  }
  return { sha256: hash.digest("hex"), bytes };
}

/** Upload rows (the server's own table) for names starting with `prefix`: what the API does not show, e.g. uploads left pending. */
export async function uploadRowsNamed(databaseUrl: string, prefix: string): Promise<Array<{ id: string; status: string; name: string }>> {
  const { Client } = await import("pg");
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ id: string; status: string; name: string }>(
      "select id, status::text as status, declared_name as name from uploads where declared_name like $1 order by declared_name",
      [`${prefix.replace(/[\\%_]/g, (character) => `\\${character}`)}%`],
    );
    return result.rows;
  } finally {
    await client.end();
  }
}
