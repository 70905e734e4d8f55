"use client";

import { useCallback, useMemo, useRef, useState } from "react";
import { FolderMinusIcon, FolderPlusIcon, ImageIcon, Loader2Icon, Share2Icon, Trash2Icon } from "lucide-react";
import { AddToAlbumDialog } from "@/components/albums/add-to-album-dialog";
import { useRemoveAlbumImages, useUpdateAlbum } from "@/components/albums/album-queries";
import { toast } from "sonner";
import { ShareDialog } from "@/components/shares/share-dialog";
import { Button } from "@/components/ui/button";
import { defaultGalleryQuery, isNarrowed } from "@/lib/gallery-query";
import { ConfirmDeleteDialog } from "./confirm-delete-dialog";
import { GalleryFilters } from "./gallery-filters";
import { GalleryEmpty, GalleryError, GallerySkeleton } from "./gallery-states";
import { ImageCard } from "./image-card";
import { flattenImages, useDeleteImages, useImages } from "./image-queries";
import { Lightbox } from "./lightbox";
import { useGalleryQuery } from "./use-gallery-query";
import { VirtualImageGrid } from "./virtual-image-grid";

/** A failed image load asks for fresh URLs at most this often, however many cards fail at once. */
const urlRefreshCooldownMs = 30_000;

/**
 * The gallery: search, sort and filters (in the URL), the virtualized grid, selection with bulk
 * actions, and the lightbox. With `albumId`, the same for one album's images.
 */
export function Gallery({ albumId }: { albumId?: string } = {}) {
  const [galleryQuery, setGalleryQuery] = useGalleryQuery();
  const query = useImages(galleryQuery, albumId);
  const { data, fetchNextPage, hasNextPage, isFetchingNextPage, refetch } = query;
  const images = useMemo(() => flattenImages(data), [data]);

  const [selectedIds, setSelectedIds] = useState<ReadonlySet<string>>(() => new Set());
  const [openId, setOpenId] = useState<string | null>(null);
  const [isConfirmingBulkDelete, setIsConfirmingBulkDelete] = useState(false);
  const [sharingIds, setSharingIds] = useState<readonly string[] | null>(null);
  const [albumingIds, setAlbumingIds] = useState<readonly string[] | null>(null);
  const deleteImages = useDeleteImages();
  const removeFromAlbum = useRemoveAlbumImages();
  const updateAlbum = useUpdateAlbum();

  // Only ids still on screen count; deleted or vanished images drop out of the selection by themselves.
  const selectedOnScreen = useMemo(() => images.filter((image) => selectedIds.has(image.id)).map((image) => image.id), [images, selectedIds]);
  const selectedCount = selectedOnScreen.length;

  const onSelectedChange = useCallback((id: string, isSelected: boolean) => {
    setSelectedIds((current) => {
      const next = new Set(current);
      if (isSelected) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);

  const lastUrlRefresh = useRef(0);
  const refreshUrls = useCallback(() => {
    const now = Date.now();
    if (now - lastUrlRefresh.current < urlRefreshCooldownMs) return;
    lastUrlRefresh.current = now;
    void refetch();
  }, [refetch]);

  // A failed page is not retried by scrolling; the Retry button below asks again.
  const fetchMore = useCallback(() => {
    if (!query.isFetchNextPageError) void fetchNextPage();
  }, [fetchNextPage, query.isFetchNextPageError]);

  const loadMore = useMemo(
    () =>
      hasNextPage
        ? async () => {
            const result = await fetchNextPage();
            if (result.error) throw result.error;
            return flattenImages(result.data);
          }
        : null,
    [hasNextPage, fetchNextPage],
  );

  function confirmBulkDelete(): void {
    const ids = selectedOnScreen;
    deleteImages.mutate(ids, {
      onSuccess: ({ requested, deleted }) => {
        setIsConfirmingBulkDelete(false);
        setSelectedIds(new Set());
        toast.success(deleted === 1 ? "1 image deleted" : `${deleted} images deleted`);
        if (deleted < requested) {
          toast.warning(`${requested - deleted} of the selected images were not deleted — they may already have been removed.`);
        }
      },
      onError: (error) => {
        setIsConfirmingBulkDelete(false);
        toast.error(`The selected images were not deleted: ${error.message}`);
      },
    });
  }

  function removeSelectedFromAlbum(): void {
    if (!albumId) return;
    removeFromAlbum.mutate(
      { albumId, imageIds: selectedOnScreen },
      {
        onSuccess: (removed) => {
          setSelectedIds(new Set());
          toast.success(removed === 1 ? "1 image taken out of the album" : `${removed} images taken out of the album`);
        },
        onError: (error) => toast.error(`Not taken out of the album: ${error.message}`),
      },
    );
  }

  const isFiltered = isNarrowed(galleryQuery);
  const filters = <GalleryFilters query={galleryQuery} onChange={setGalleryQuery} />;
  if (query.isPending) return <div className="flex flex-col gap-4">{filters}<GallerySkeleton /></div>;
  if (query.isError && images.length === 0) {
    return <div className="flex flex-col gap-4">{filters}<GalleryError message={query.error.message} onRetry={() => void refetch()} isRetrying={query.isFetching} /></div>;
  }
  if (images.length === 0 && !isFiltered && albumId) {
    return (
      <p className="rounded-xl border border-dashed px-6 py-12 text-center text-sm text-muted-foreground" data-testid="album-empty">
        This album is empty. Select images in the gallery and choose “Add to album”, or upload into it.
      </p>
    );
  }
  if (images.length === 0 && !isFiltered) return <GalleryEmpty />;
  if (images.length === 0) {
    return (
      <div className="flex flex-col gap-4">
        {filters}
        <div className="flex flex-col items-center gap-3 rounded-xl border border-dashed px-6 py-12 text-center" data-testid="gallery-no-match">
          <p className="text-sm text-muted-foreground">No images match this search or these filters.</p>
          <Button variant="outline" size="sm" onClick={() => setGalleryQuery({ ...defaultGalleryQuery, sort: galleryQuery.sort })}>
            Clear filters
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-4">
      {filters}
      <div
        className="sticky top-14 z-20 -mx-4 flex min-h-12 flex-wrap items-center justify-between gap-2 border-b bg-background/90 px-4 py-2 backdrop-blur sm:-mx-6 sm:px-6"
        role="toolbar"
        aria-label="Selection"
      >
        <p className="text-sm text-muted-foreground" aria-live="polite">
          {selectedCount > 0
            ? `${selectedCount} selected`
            : `${images.length}${hasNextPage ? "+" : ""} ${isFiltered ? (images.length === 1 ? "match" : "matches") : images.length === 1 ? "image" : "images"}`}
        </p>
        <div className="flex items-center gap-2">
          {selectedCount > 0 ? (
            <>
              <Button variant="ghost" size="sm" onClick={() => setSelectedIds(new Set())}>
                Clear selection
              </Button>
              <Button variant="outline" size="sm" onClick={() => setAlbumingIds(selectedOnScreen)}>
                <FolderPlusIcon aria-hidden="true" />
                Add to album
              </Button>
              {albumId && selectedCount === 1 && (
                <Button
                  variant="outline"
                  size="sm"
                  disabled={updateAlbum.isPending}
                  onClick={() =>
                    updateAlbum.mutate(
                      { albumId, coverImageId: selectedOnScreen[0]! },
                      { onSuccess: () => toast.success("Album cover set"), onError: (error) => toast.error(`The cover was not set: ${error.message}`) },
                    )
                  }
                >
                  <ImageIcon aria-hidden="true" />
                  Use as cover
                </Button>
              )}
              {albumId && (
                <Button variant="outline" size="sm" onClick={removeSelectedFromAlbum} disabled={removeFromAlbum.isPending}>
                  <FolderMinusIcon aria-hidden="true" />
                  Remove from album
                </Button>
              )}
              <Button variant="outline" size="sm" onClick={() => setSharingIds(selectedOnScreen)}>
                <Share2Icon aria-hidden="true" />
                Share selected
              </Button>
              <Button variant="destructive" size="sm" onClick={() => setIsConfirmingBulkDelete(true)}>
                <Trash2Icon aria-hidden="true" />
                Delete selected
              </Button>
            </>
          ) : (
            <Button variant="ghost" size="sm" onClick={() => setSelectedIds(new Set(images.map((image) => image.id)))}>
              Select all
            </Button>
          )}
        </div>
      </div>

      {query.isRefetchError && (
        <div role="alert" className="flex items-center justify-between gap-3 rounded-lg border border-destructive/30 bg-destructive/5 px-4 py-2 text-sm">
          <span>Could not refresh the gallery: {query.error.message}</span>
          <Button variant="outline" size="sm" onClick={() => void refetch()}>
            Retry
          </Button>
        </div>
      )}

      <VirtualImageGrid
        images={images}
        hasNextPage={hasNextPage}
        isFetchingNextPage={isFetchingNextPage}
        fetchNextPage={fetchMore}
        renderCard={(image) => (
          <ImageCard
            image={image}
            isSelected={selectedIds.has(image.id)}
            isSelecting={selectedCount > 0}
            onOpen={setOpenId}
            onSelectedChange={onSelectedChange}
            onImageError={refreshUrls}
          />
        )}
      />
      {query.isFetchNextPageError ? (
        <div role="alert" className="flex flex-col items-center gap-2 py-4 text-sm">
          <p className="text-muted-foreground">More images could not be loaded: {query.error?.message}</p>
          <Button variant="outline" size="sm" onClick={() => void fetchNextPage()}>
            Retry
          </Button>
        </div>
      ) : hasNextPage ? (
        <div className="flex justify-center py-4">
          <Button variant="outline" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
            {isFetchingNextPage && <Loader2Icon className="animate-spin" aria-hidden="true" />}
            {isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        </div>
      ) : null}

      <Lightbox images={images} openId={openId} onOpenIdChange={setOpenId} loadMore={loadMore} onImageError={refreshUrls} />
      <AddToAlbumDialog imageIds={albumingIds ?? []} open={albumingIds !== null} onOpenChange={(open) => !open && setAlbumingIds(null)} />
      <ShareDialog
        imageIds={sharingIds ?? []}
        subject={sharingIds?.length === 1 ? "1 image" : `${sharingIds?.length ?? 0} images`}
        open={sharingIds !== null}
        onOpenChange={(open) => !open && setSharingIds(null)}
      />
      <ConfirmDeleteDialog
        open={isConfirmingBulkDelete}
        onOpenChange={setIsConfirmingBulkDelete}
        title={selectedCount === 1 ? "Delete 1 image?" : `Delete ${selectedCount} images?`}
        confirmLabel={selectedCount === 1 ? "Delete image" : `Delete ${selectedCount} images`}
        isPending={deleteImages.isPending}
        onConfirm={confirmBulkDelete}
      />
    </div>
  );
}
