"use client";

import { useEffect, useState } from "react";
import { ChevronLeftIcon, ChevronRightIcon, DownloadIcon, ExternalLinkIcon, FolderPlusIcon, InfoIcon, Share2Icon, Trash2Icon, XIcon } from "lucide-react";
import { AddToAlbumDialog } from "@/components/albums/add-to-album-dialog";
import { toast } from "sonner";
import { ShareDialog } from "@/components/shares/share-dialog";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { imageDownloadUrl, type ImageDto } from "@/client/api-client";
import { formatBytes } from "@/lib/format-bytes";
import { ConfirmDeleteDialog } from "./confirm-delete-dialog";
import { PhotoDetailsPanel } from "./photo-details-panel";
import { useDeleteImage } from "./image-queries";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

/**
 * The large view of one image with its details, previous/next (buttons and arrow keys),
 * download and delete. Escape closes it (Radix Dialog). At the end of the loaded images, "next"
 * loads the following page first.
 */
export function Lightbox({
  images,
  openId,
  onOpenIdChange,
  loadMore,
  onImageError,
}: {
  images: readonly ImageDto[];
  openId: string | null;
  onOpenIdChange: (id: string | null) => void;
  /** Loads the next page and returns the images then loaded, or null when there are no more. */
  loadMore: (() => Promise<readonly ImageDto[]>) | null;
  onImageError: () => void;
}) {
  const index = openId ? images.findIndex((image) => image.id === openId) : -1;
  const image = index >= 0 ? images[index] : undefined;
  const previous = index > 0 ? images[index - 1] : undefined;
  const next = index >= 0 ? images[index + 1] : undefined;
  const canGoNext = next !== undefined || loadMore !== null;

  const [isConfirmingDelete, setIsConfirmingDelete] = useState(false);
  const [isSharing, setIsSharing] = useState(false);
  const [isAddingToAlbum, setIsAddingToAlbum] = useState(false);
  // Stays open while stepping through images: someone comparing exposures wants it on every one.
  const [isShowingDetails, setIsShowingDetails] = useState(false);
  const [isLoadingNext, setIsLoadingNext] = useState(false);
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  const deleteImage = useDeleteImage();

  // Warm the browser cache for the neighbours so stepping through feels instant: their previews,
  // never their originals (a camera original can be 20 MB, a panorama 190 MB).
  useEffect(() => {
    for (const neighbour of [previous, next]) {
      if (neighbour) new Image().src = neighbour.previewUrl;
    }
  }, [previous, next]);

  function goPrevious(): void {
    if (previous) onOpenIdChange(previous.id);
  }

  function goNext(): void {
    if (next) {
      onOpenIdChange(next.id);
      return;
    }
    if (!loadMore || !image || isLoadingNext) return;
    setIsLoadingNext(true);
    const currentId = image.id;
    loadMore()
      .then((loaded) => {
        const at = loaded.findIndex((candidate) => candidate.id === currentId);
        const following = at >= 0 ? loaded[at + 1] : undefined;
        if (following) onOpenIdChange(following.id);
      })
      .catch((error: unknown) => toast.error(`Could not load more images: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => setIsLoadingNext(false));
  }

  function confirmDelete(): void {
    if (!image) return;
    const target = image;
    const neighbour = next ?? previous;
    deleteImage.mutate(target, {
      onSuccess: () => {
        setIsConfirmingDelete(false);
        toast.success(`${target.name} deleted`);
        onOpenIdChange(neighbour?.id ?? null);
      },
      onError: (error) => {
        setIsConfirmingDelete(false);
        toast.error(`${target.name} was not deleted: ${error.message}`);
      },
    });
  }

  return (
    <Dialog open={image !== undefined} onOpenChange={(open) => !open && onOpenIdChange(null)}>
      <DialogContent
        showCloseButton={false}
        className="flex max-h-[calc(100dvh-2rem)] flex-col gap-0 overflow-hidden p-0 sm:max-w-5xl"
        onKeyDown={(event) => {
          if (event.key === "ArrowLeft") {
            event.preventDefault();
            goPrevious();
          } else if (event.key === "ArrowRight") {
            event.preventDefault();
            goNext();
          }
        }}
      >
        {image && (
          <>
            <div className="relative flex min-h-0 flex-1 items-center justify-center bg-black/95">
              {failedSrc === image.previewUrl ? (
                <p className="p-12 text-sm text-white/70">This image could not be loaded. Close the viewer and try again.</p>
              ) : (
                // Signed storage URL; next/image would need every storage origin configured.
                // eslint-disable-next-line @next/next/no-img-element
                <img
                  key={image.id}
                  src={image.previewUrl}
                  alt={image.name}
                  className="max-h-[72dvh] w-auto max-w-full object-contain"
                  onError={() => {
                    if (failedSrc === null) onImageError();
                    setFailedSrc(image.previewUrl);
                  }}
                />
              )}
              <DialogClose asChild>
                <Button variant="secondary" size="icon-sm" className="absolute top-3 right-3 rounded-full opacity-90" aria-label="Close">
                  <XIcon aria-hidden="true" />
                </Button>
              </DialogClose>
              <Button
                variant="secondary"
                size="icon"
                className="absolute top-1/2 left-3 -translate-y-1/2 rounded-full opacity-90"
                onClick={goPrevious}
                disabled={!previous}
                aria-label="Previous image"
              >
                <ChevronLeftIcon aria-hidden="true" />
              </Button>
              <Button
                variant="secondary"
                size="icon"
                className="absolute top-1/2 right-3 -translate-y-1/2 rounded-full opacity-90"
                onClick={goNext}
                disabled={!canGoNext || isLoadingNext}
                aria-label="Next image"
              >
                <ChevronRightIcon aria-hidden="true" />
              </Button>
            </div>
            <div className="flex flex-col gap-3 border-t p-4 sm:flex-row sm:items-center sm:justify-between">
              <div className="flex min-w-0 flex-col gap-1">
                <DialogTitle className="truncate text-base" title={image.name}>
                  {image.name}
                </DialogTitle>
                <DialogDescription className="tabular-nums">
                  {formatBytes(image.size)} · {image.width} × {image.height} px · <time dateTime={image.createdAt}>{formatDate(image.createdAt)}</time>
                </DialogDescription>
              </div>
              <div className="flex shrink-0 flex-wrap items-center gap-2">
                <Button variant="outline" size="sm" aria-pressed={isShowingDetails} onClick={() => setIsShowingDetails((shown) => !shown)}>
                  <InfoIcon aria-hidden="true" />
                  Details
                </Button>
                <Button asChild variant="outline" size="sm">
                  <a href={image.url} target="_blank" rel="noopener noreferrer" data-testid="view-original" title="The original file, as uploaded">
                    <ExternalLinkIcon aria-hidden="true" />
                    Original
                  </a>
                </Button>
                <Button asChild variant="outline" size="sm">
                  <a href={imageDownloadUrl(image.id)} data-testid="download">
                    <DownloadIcon aria-hidden="true" />
                    Download
                  </a>
                </Button>
                <Button variant="outline" size="sm" onClick={() => setIsAddingToAlbum(true)}>
                  <FolderPlusIcon aria-hidden="true" />
                  Album
                </Button>
                <Button variant="outline" size="sm" onClick={() => setIsSharing(true)}>
                  <Share2Icon aria-hidden="true" />
                  Share
                </Button>
                <Button variant="destructive" size="sm" onClick={() => setIsConfirmingDelete(true)}>
                  <Trash2Icon aria-hidden="true" />
                  Delete
                </Button>
              </div>
            </div>
            {isShowingDetails && <PhotoDetailsPanel imageId={image.id} />}
            <AddToAlbumDialog imageIds={[image.id]} open={isAddingToAlbum} onOpenChange={setIsAddingToAlbum} />
            <ShareDialog imageIds={[image.id]} subject={image.name} open={isSharing} onOpenChange={setIsSharing} />
            <ConfirmDeleteDialog
              open={isConfirmingDelete}
              onOpenChange={setIsConfirmingDelete}
              title={`Delete ${image.name}?`}
              confirmLabel="Delete image"
              isPending={deleteImage.isPending}
              onConfirm={confirmDelete}
            />
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
