"use client";

import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import { ApiError, deleteImage, deleteImages, listImages, type ImageDto, type ImagePage } from "@/client/api-client";
import { galleryQueryParams, type GalleryQuery } from "@/lib/gallery-query";

/** Everything cached about images starts with this key; invalidating it refreshes the gallery. */
export const imagesQueryKey = ["images"] as const;
const imageListKey = [...imagesQueryKey, "list"] as const;

export const imagesPageSize = 60;

type ImagePages = InfiniteData<ImagePage, string | null>;

/**
 * The image list for a search, sort and filters, one page of 60 at a time; each query is cached
 * on its own (keyed by its URL form), so going back to an earlier one is instant. Image URLs are presigned and expire
 * (an hour by default), so pages count as fresh for 10 minutes and are re-fetched every 20 while
 * the gallery is open, and on return to the tab once stale. An <img> that fails to load asks for
 * a refetch too (see `useRefreshImageUrls`).
 */
export function useImages(query: GalleryQuery, album?: string) {
  return useInfiniteQuery({
    queryKey: [...imageListKey, galleryQueryParams(query).toString(), album ?? ""],
    queryFn: ({ pageParam, signal }) => listImages({ limit: imagesPageSize, cursor: pageParam, query, album }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    staleTime: 10 * 60_000,
    refetchInterval: 20 * 60_000,
    refetchOnWindowFocus: true,
  });
}

/** All loaded images in order, each once (a page boundary can shift while more is loaded). */
export function flattenImages(data: { pages: readonly ImagePage[] } | undefined): ImageDto[] {
  if (!data) return [];
  const seen = new Set<string>();
  const images: ImageDto[] = [];
  for (const page of data.pages) {
    for (const image of page.images) {
      if (seen.has(image.id)) continue;
      seen.add(image.id);
      images.push(image);
    }
  }
  return images;
}

/** Drops images the server confirmed gone from every cached page, then re-fetches to be exact. */
async function forgetImages(queryClient: QueryClient, ids: ReadonlySet<string>): Promise<void> {
  queryClient.setQueriesData<ImagePages>({ queryKey: imageListKey }, (data) =>
    data ? { ...data, pages: data.pages.map((page) => ({ ...page, images: page.images.filter((image) => !ids.has(image.id)) })) } : data,
  );
  await queryClient.invalidateQueries({ queryKey: imagesQueryKey });
}

/** DELETE /api/images/{id}. A 404 means it is already gone, which is what the person wanted. */
export function useDeleteImage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (image: ImageDto) => {
      try {
        await deleteImage(image.id);
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404)) throw error;
      }
      return image;
    },
    onSuccess: (image) => forgetImages(queryClient, new Set([image.id])),
  });
}

/** Keeps each request to a size the API will take. */
const deleteBatchSize = 100;

/** POST /api/images/delete in batches; resolves with how many the server says it deleted. */
export function useDeleteImages() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (ids: string[]) => {
      let deleted = 0;
      try {
        for (let start = 0; start < ids.length; start += deleteBatchSize) {
          deleted += await deleteImages(ids.slice(start, start + deleteBatchSize));
        }
      } catch (error) {
        // Some batches may have gone through; show what the server now has before reporting.
        if (deleted > 0) await queryClient.invalidateQueries({ queryKey: imagesQueryKey });
        throw error;
      }
      return { requested: ids.length, deleted };
    },
    onSuccess: async ({ requested, deleted }, ids) => {
      // Only when every id is confirmed gone may cards vanish at once; otherwise the refetch decides.
      if (deleted >= requested) await forgetImages(queryClient, new Set(ids));
      else await queryClient.invalidateQueries({ queryKey: imagesQueryKey });
    },
  });
}
