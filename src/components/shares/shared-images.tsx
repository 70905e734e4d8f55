import { DownloadIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { formatBytes } from "@/lib/format-bytes";
import { cn } from "@/lib/cn";
import type { SharedImageDto } from "@/contract/shares";


function expiryText(expiresAt: string | null, now: Date): string {
  if (!expiresAt) return "This link does not expire.";
  const seconds = (new Date(expiresAt).getTime() - now.getTime()) / 1000;
  const [value, unit] = seconds >= 86_400 ? [Math.round(seconds / 86_400), "day"] : seconds >= 3600 ? [Math.round(seconds / 3600), "hour"] : [Math.max(1, Math.round(seconds / 60)), "minute"];
  return `This link expires in ${value} ${unit}${value === 1 ? "" : "s"}.`;
}

/** The images of a share link with a download button each; one image gets the whole width. */
export function SharedImages({ images, expiresAt, now }: { images: readonly SharedImageDto[]; expiresAt: string | null; now: Date }) {
  const isSingle = images.length === 1;
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="truncate text-2xl font-semibold tracking-tight">{isSingle ? images[0]!.name : `${images.length} shared images`}</h1>
        <p className="text-sm text-muted-foreground">{expiryText(expiresAt, now)}</p>
      </div>
      <ul className={cn("grid gap-4", isSingle ? "grid-cols-1" : "grid-cols-1 sm:grid-cols-2 lg:grid-cols-3")} aria-label="Shared images">
        {images.map((image, index) => (
          <li key={index} className="flex flex-col overflow-hidden rounded-lg border bg-card shadow-xs" data-testid="shared-image">
            <a href={image.url} target="_blank" rel="noreferrer" className="flex items-center justify-center bg-muted/60" aria-label={`Open ${image.name} full size`}>
              {/* Short-lived signed storage URLs; next/image would need every storage origin configured. */}
              {/* eslint-disable-next-line @next/next/no-img-element */}
              <img
                src={image.url}
                alt={image.name}
                width={image.width}
                height={image.height}
                loading={index < 6 ? "eager" : "lazy"}
                decoding="async"
                className={cn("h-auto w-auto max-w-full object-contain", isSingle ? "max-h-[75dvh]" : "aspect-square w-full object-cover")}
              />
            </a>
            <div className="flex items-center justify-between gap-3 p-3">
              <div className="flex min-w-0 flex-col">
                <span className="truncate text-sm font-medium" title={image.name}>
                  {image.name}
                </span>
                <span className="text-xs text-muted-foreground tabular-nums">
                  {formatBytes(image.size)} · {image.width} × {image.height} px
                </span>
              </div>
              <Button asChild variant="outline" size="sm">
                <a href={image.downloadUrl} rel="noreferrer" data-testid="shared-download">
                  <DownloadIcon aria-hidden="true" />
                  Download
                </a>
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
