import { expect, type APIRequestContext } from "@playwright/test";

import type { ImageDto } from "../../../src/contract/images";

/** The API's Image shape (the contract's `Image`). */
export type ApiImage = ImageDto;

/** Every image the server lists, newest first, following `nextCursor` 200 at a time. */
export async function listAllImages(request: APIRequestContext): Promise<ApiImage[]> {
  const images: ApiImage[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const response = await request.get(`/api/images?limit=200${query}`);
    expect(response.status(), await response.text()).toBe(200);
    const page = (await response.json()) as { images: ApiImage[]; nextCursor: string | null };
    images.push(...page.images);
    cursor = page.nextCursor;
  } while (cursor);
  return images;
}

/** Deletes images through the API (test clean-up); returns how many the server deleted. */
export async function deleteImagesById(request: APIRequestContext, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  // A cookie-authenticated change must look same-origin, as the app's own fetches do.
  const response = await request.post("/api/images/delete", { data: { ids }, headers: { "sec-fetch-site": "same-origin" } });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { deleted: number }).deleted;
}
