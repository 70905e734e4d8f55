"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { createShare, listShares, revokeShare } from "@/client/share-api";

export const sharesQueryKey = ["shares"] as const;

/** The caller's share links, 60 at a time; thumbnails are signed URLs, so refresh like the gallery. */
export function useShares() {
  return useInfiniteQuery({
    queryKey: sharesQueryKey,
    queryFn: ({ pageParam, signal }) => listShares({ cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    staleTime: 60_000,
    refetchInterval: 20 * 60_000,
    refetchOnWindowFocus: true,
  });
}

export function useCreateShare() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createShare,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sharesQueryKey }),
  });
}

export function useRevokeShare() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeShare,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sharesQueryKey }),
  });
}
