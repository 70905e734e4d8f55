"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { addAlbumImages, createAlbum, deleteAlbum, getAlbum, listAlbums, removeAlbumImages, updateAlbum } from "@/client/album-api";
import { imagesQueryKey } from "@/components/gallery/image-queries";

export const albumsQueryKey = ["albums"] as const;

/** The caller's albums, 60 at a time; covers are signed URLs, so they refresh like the gallery. */
export function useAlbums() {
  return useInfiniteQuery({
    queryKey: [...albumsQueryKey, "list"],
    queryFn: ({ pageParam, signal }) => listAlbums({ cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    staleTime: 60_000,
    refetchInterval: 20 * 60_000,
  });
}

export function useAlbum(albumId: string) {
  return useQuery({ queryKey: [...albumsQueryKey, "one", albumId], queryFn: ({ signal }) => getAlbum(albumId, signal), staleTime: 60_000 });
}

/** After any change to albums, their list, the album itself and its image listing are fetched again. */
function useAlbumMutation<TInput, TResult>(mutationFn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async () => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: albumsQueryKey }), queryClient.invalidateQueries({ queryKey: imagesQueryKey })]);
    },
  });
}

export const useCreateAlbum = () => useAlbumMutation((name: string) => createAlbum(name));
export const useUpdateAlbum = () => useAlbumMutation(({ albumId, ...change }: { albumId: string; name?: string; coverImageId?: string | null }) => updateAlbum(albumId, change));
export const useDeleteAlbum = () => useAlbumMutation((albumId: string) => deleteAlbum(albumId));
export const useAddAlbumImages = () => useAlbumMutation(({ albumId, imageIds }: { albumId: string; imageIds: readonly string[] }) => addAlbumImages(albumId, imageIds));
export const useRemoveAlbumImages = () => useAlbumMutation(({ albumId, imageIds }: { albumId: string; imageIds: readonly string[] }) => removeAlbumImages(albumId, imageIds));
