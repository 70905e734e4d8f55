"use client";

import { useEffect, useRef } from "react";
import { ImageIcon } from "lucide-react";
import { cn } from "@/lib/cn";

/**
 * A small preview drawn from the local file. The object URL is made only while the row is on
 * screen (the list is virtualized) and revoked when it leaves, so hundreds of files do not pin
 * hundreds of blob URLs.
 */
export function FileThumbnail({ file, isPreviewable, className }: { file: File; isPreviewable: boolean; className?: string }) {
  const imageRef = useRef<HTMLImageElement>(null);

  useEffect(() => {
    const image = imageRef.current;
    if (!image || !isPreviewable) return;
    const url = URL.createObjectURL(file);
    image.src = url;
    return () => {
      image.removeAttribute("src");
      URL.revokeObjectURL(url);
    };
  }, [file, isPreviewable]);

  return (
    <div className={cn("relative flex size-12 shrink-0 items-center justify-center overflow-hidden rounded-md border bg-muted", className)}>
      <ImageIcon className="size-5 text-muted-foreground" aria-hidden="true" />
      {isPreviewable && (
        // A local blob preview: next/image cannot optimise object URLs.
        // eslint-disable-next-line @next/next/no-img-element
        <img
          ref={imageRef}
          alt=""
          decoding="async"
          className="absolute inset-0 size-full object-cover"
          onError={(event) => {
            event.currentTarget.style.display = "none";
          }}
        />
      )}
    </div>
  );
}
