import Link from "next/link";
import { ImagePlusIcon, TriangleAlertIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";

export const galleryGridClassName = "grid grid-cols-2 gap-3 sm:grid-cols-3 sm:gap-4 md:grid-cols-4 lg:grid-cols-5 xl:grid-cols-6";

/** Placeholder cards while a page loads. */
export function GallerySkeleton({ count = 12 }: { count?: number }) {
  return (
    <div className={galleryGridClassName} aria-hidden="true" data-testid="gallery-skeleton">
      {Array.from({ length: count }, (_, index) => (
        <div key={index} className="overflow-hidden rounded-lg border bg-card">
          <Skeleton className="aspect-square w-full rounded-none" />
          <div className="px-2.5 py-2">
            <Skeleton className="h-3.5 w-3/4" />
          </div>
        </div>
      ))}
    </div>
  );
}

export function GalleryEmpty() {
  return (
    <div className="flex flex-col items-center justify-center gap-4 rounded-xl border border-dashed px-6 py-16 text-center" data-testid="gallery-empty">
      <div className="flex size-12 items-center justify-center rounded-full bg-muted">
        <ImagePlusIcon className="size-6 text-muted-foreground" aria-hidden="true" />
      </div>
      <div className="flex flex-col gap-1">
        <h2 className="text-base font-semibold">No images yet</h2>
        <p className="text-sm text-muted-foreground">Images you upload show up here, newest first.</p>
      </div>
      <Button asChild>
        <Link href="/upload">Upload images</Link>
      </Button>
    </div>
  );
}

export function GalleryError({ message, onRetry, isRetrying }: { message: string; onRetry: () => void; isRetrying: boolean }) {
  return (
    <div role="alert" className="flex flex-col items-center justify-center gap-4 rounded-xl border border-destructive/30 bg-destructive/5 px-6 py-16 text-center" data-testid="gallery-error">
      <TriangleAlertIcon className="size-8 text-destructive" aria-hidden="true" />
      <div className="flex flex-col gap-1">
        <h2 className="text-base font-semibold">Your images could not be loaded</h2>
        <p className="text-sm text-muted-foreground">{message}</p>
      </div>
      <Button variant="outline" onClick={onRetry} disabled={isRetrying}>
        Retry
      </Button>
    </div>
  );
}
