"use client";

import { memo } from "react";
import Link from "next/link";
import { CopyPlusIcon, RotateCwIcon, XIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import { formatBytes, formatBytesPerSecond } from "@/lib/format-bytes";
import { isSettled, type UploadState } from "@/components/uploader/upload-state";
import { galleryQueryParams, defaultGalleryQuery } from "@/lib/gallery-query";
import { FileThumbnail } from "./file-thumbnail";
import type { UploadRow as UploadRowModel } from "./upload-store";

const stateLabels: Record<UploadState, string> = {
  queued: "Queued",
  hashing: "Preparing",
  uploading: "Uploading",
  verifying: "Verifying",
  done: "Done",
  failed: "Failed",
  duplicate: "Already in your library",
};

/** The gallery searched for the image the file repeats, so it is one click away. */
function duplicateHref(name: string): string {
  return `/gallery?${galleryQueryParams({ ...defaultGalleryQuery, q: name.slice(0, 200) }).toString()}`;
}

function partsText(row: UploadRowModel): string {
  return row.multipart ? ` · ${row.partsUploaded ?? 0} of ${row.multipart.partCount} parts` : "";
}

function statusText(row: UploadRowModel, isHeld: boolean): string {
  switch (row.state) {
    case "queued":
      if (row.multipart && row.uploadId) return `${formatBytes(row.size)} · ready to continue${isHeld ? " (paused)" : ""}`;
      return row.md5 ? `${formatBytes(row.size)} · waiting for a free slot` : `${formatBytes(row.size)} · waiting`;
    case "hashing":
      return `${formatBytes(row.size)} · computing checksum…`;
    case "uploading": {
      if (isHeld) return `${formatBytes(row.bytesUploaded)} of ${formatBytes(row.size)}${partsText(row)} · paused`;
      const speed = row.bytesPerSecond > 0 ? ` · ${formatBytesPerSecond(row.bytesPerSecond)}` : "";
      return `${formatBytes(row.bytesUploaded)} of ${formatBytes(row.size)}${partsText(row)}${speed}`;
    }
    case "verifying":
      return `${formatBytes(row.size)} · the server is checking the image…`;
    case "done":
      return `${formatBytes(row.size)} · uploaded`;
    case "failed":
      return row.error ?? "Failed";
    case "duplicate":
      return `${formatBytes(row.size)} · not uploaded again`;
  }
}

export interface UploadRowActions {
  onCancel: (id: string) => void;
  onRetry: (id: string) => void;
  onDismiss: (id: string) => void;
  onKeepBoth: (id: string) => void;
}

/** One file: preview, name, state, progress and what can be done with it. */
export const UploadRow = memo(function UploadRow({
  row,
  position,
  total,
  isHeld,
  onCancel,
  onRetry,
  onDismiss,
  onKeepBoth,
}: { row: UploadRowModel; position: number; total: number; isHeld: boolean } & UploadRowActions) {
  const percent = row.size > 0 ? Math.round((row.bytesUploaded / row.size) * 100) : 100;
  const isCancellable = row.state === "queued" || row.state === "hashing" || row.state === "uploading";

  return (
    <div
      role="listitem"
      aria-posinset={position}
      aria-setsize={total}
      data-testid="upload-row"
      data-state={row.state}
      className="flex h-16 items-center gap-3 rounded-lg border bg-card px-3 text-card-foreground"
    >
      <FileThumbnail file={row.file} isPreviewable={row.isPreviewable} />
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <div className="flex min-w-0 items-center gap-2">
          <p className="truncate text-sm font-medium" title={row.name}>
            {row.name}
          </p>
          <Badge
            variant={row.state === "failed" ? "destructive" : row.state === "done" ? "success" : "secondary"}
            className="shrink-0"
          >
            {row.state === "uploading" ? `${stateLabels.uploading} ${percent}%` : stateLabels[row.state]}
          </Badge>
        </div>
        {(row.state === "uploading" || row.state === "verifying") && (
          <Progress
            value={row.state === "verifying" ? 100 : percent}
            aria-label={`${row.name} upload progress`}
            className="h-1.5"
            indicatorClassName={row.state === "verifying" ? "animate-pulse" : undefined}
          />
        )}
        <p
          className={row.state === "failed" ? "truncate text-xs text-destructive" : "truncate text-xs text-muted-foreground tabular-nums"}
          title={row.state === "failed" ? row.error : undefined}
        >
          {statusText(row, isHeld)}
          {row.duplicateOf && (
            <>
              {" · "}
              <Link href={duplicateHref(row.duplicateOf.name)} className="underline underline-offset-2 hover:text-foreground">
                see {row.duplicateOf.name}
              </Link>
            </>
          )}
        </p>
      </div>
      <div className="flex shrink-0 items-center gap-1">
        {row.state === "failed" && row.canRetry && (
          <Button variant="ghost" size="icon-sm" onClick={() => onRetry(row.id)} aria-label={`Retry ${row.name}`} title="Retry">
            <RotateCwIcon aria-hidden="true" />
          </Button>
        )}
        {row.state === "duplicate" && (
          <Button variant="ghost" size="sm" onClick={() => onKeepBoth(row.id)} aria-label={`Keep both: upload ${row.name} again`} title="Upload it anyway, as a second copy">
            <CopyPlusIcon aria-hidden="true" />
            Keep both
          </Button>
        )}
        {isCancellable && (
          <Button variant="ghost" size="icon-sm" onClick={() => onCancel(row.id)} aria-label={`Cancel ${row.name}`} title="Cancel">
            <XIcon aria-hidden="true" />
          </Button>
        )}
        {isSettled(row.state) && (
          <Button variant="ghost" size="icon-sm" onClick={() => onDismiss(row.id)} aria-label={`Remove ${row.name} from the list`} title="Remove from list">
            <XIcon aria-hidden="true" />
          </Button>
        )}
      </div>
    </div>
  );
});
