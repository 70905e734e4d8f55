"use client";

import { memo, useState } from "react";
import { ImageOffIcon } from "lucide-react";
import { Checkbox } from "@/components/ui/checkbox";
import type { ImageDto } from "@/client/api-client";
import { cn } from "@/lib/cn";

/** One thumbnail in the grid: opens the lightbox; the checkbox adds it to the selection. */
export const ImageCard = memo(function ImageCard({
  image,
  isSelected,
  isSelecting,
  onOpen,
  onSelectedChange,
  onImageError,
}: {
  image: ImageDto;
  isSelected: boolean;
  /** Something is selected, so every checkbox stays visible. */
  isSelecting: boolean;
  onOpen: (id: string) => void;
  onSelectedChange: (id: string, isSelected: boolean) => void;
  /** The thumbnail failed to load; its signed URL has probably expired. */
  onImageError: () => void;
}) {
  // One refetch per card: if the fresh URL fails too, show a placeholder rather than loop.
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  const [hasRetried, setHasRetried] = useState(false);
  const isBroken = failedSrc === image.thumbnailUrl;

  return (
    <div
      data-testid="image-card"
      data-image-id={image.id}
      className={cn(
        "group relative overflow-hidden rounded-lg border bg-card shadow-xs transition-shadow hover:shadow-md",
        isSelected && "ring-2 ring-primary ring-offset-2 ring-offset-background",
      )}
    >
      <button
        type="button"
        onClick={() => onOpen(image.id)}
        aria-label={`Open ${image.name}`}
        className="block aspect-square w-full overflow-hidden bg-muted outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:ring-inset"
      >
        {image.state === "missing" ? (
          // The original vanished from storage (found by the reconciler): say so instead of a broken
          // picture; the checkbox and Delete still remove the entry.
          <span data-testid="image-missing" className="flex size-full flex-col items-center justify-center gap-1 px-2 text-center text-muted-foreground">
            <ImageOffIcon className="size-6" aria-hidden="true" />
            <span className="text-xs">Missing from storage</span>
            <span className="text-[11px]">Select it and delete to remove it</span>
          </span>
        ) : isBroken ? (
          <span className="flex size-full flex-col items-center justify-center gap-1 text-muted-foreground">
            <ImageOffIcon className="size-6" aria-hidden="true" />
            <span className="text-xs">Preview unavailable</span>
          </span>
        ) : (
          // Signed URLs from the storage host; next/image would need every storage origin configured.
          // eslint-disable-next-line @next/next/no-img-element
          <img
            src={image.thumbnailUrl}
            alt={image.name}
            loading="lazy"
            decoding="async"
            className="size-full object-cover transition-transform duration-200 group-hover:scale-[1.02]"
            onError={() => {
              setFailedSrc(image.thumbnailUrl);
              if (!hasRetried) {
                setHasRetried(true);
                onImageError();
              }
            }}
          />
        )}
      </button>
      <div
        className={cn(
          "absolute top-2 left-2 flex rounded-md bg-background/90 p-1 shadow-sm transition-opacity",
          isSelecting || isSelected ? "opacity-100" : "opacity-0 group-hover:opacity-100 focus-within:opacity-100 [@media(hover:none)]:opacity-100",
        )}
      >
        <Checkbox
          data-testid="select-image"
          checked={isSelected}
          onCheckedChange={(checked) => onSelectedChange(image.id, checked === true)}
          aria-label={`Select ${image.name}`}
        />
      </div>
      <div className="px-2.5 py-2">
        <p className="truncate text-xs font-medium" title={image.name}>
          {image.name}
        </p>
      </div>
    </div>
  );
});
