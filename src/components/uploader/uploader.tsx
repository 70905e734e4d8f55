"use client";

import { lazy, Suspense, useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { useRouter } from "next/navigation";
import { ImagePlusIcon, UploadCloudIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import { formatBytes } from "@/lib/format-bytes";
import { allowedImageTypesText, imageAcceptAttribute } from "@/lib/image-types";
import { collectDroppedFiles } from "./collect-dropped-files";
import { InterruptedUploads } from "./interrupted-uploads";
import { getUploadController } from "./upload-controller";
import { UploadIntoAlbum } from "./upload-into-album";
import { emptyUploadSnapshot, type UploadSnapshot } from "./upload-store";
import { UploadSummary } from "./upload-summary";

// The list (and its virtualizer) arrives with the first file; the empty page does not need it.
const UploadList = lazy(() => import("./upload-list").then(({ UploadList }) => ({ default: UploadList })));

const subscribe = (listener: () => void) => getUploadController().store.subscribe(listener);
const getSnapshot = () => getUploadController().store.getSnapshot();
const getServerSnapshot = () => emptyUploadSnapshot;

/** The upload list, re-rendering at most every few dozen milliseconds while files move. */
function useUploads(): UploadSnapshot {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes("Files") ?? false;
}

/**
 * The upload page's interactive part: a picker, drag and drop anywhere on the page (folders
 * too), paste, uploads a reload interrupted, the overall progress and the per-file list.
 */
export function Uploader({
  maxUploadBytes,
  multipartThresholdBytes,
  multipartPartBytes,
}: {
  maxUploadBytes?: number;
  /** Files above this go up in parts of `multipartPartBytes` (the server's settings). */
  multipartThresholdBytes?: number;
  multipartPartBytes?: number;
}) {
  const router = useRouter();
  const snapshot = useUploads();
  const inputRef = useRef<HTMLInputElement>(null);
  const [isDraggingFiles, setIsDraggingFiles] = useState(false);

  useEffect(() => {
    getUploadController().configure({ maxUploadBytes, multipartThresholdBytes, multipartPartBytes, navigate: (href) => router.push(href) });
  }, [maxUploadBytes, multipartThresholdBytes, multipartPartBytes, router]);

  useEffect(() => {
    // dragenter/dragleave fire for every child element crossed; a counter tells when the drag truly left.
    let depth = 0;
    const onDragEnter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth += 1;
      setIsDraggingFiles(true);
    };
    const onDragOver = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
    };
    const onDragLeave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(depth - 1, 0);
      if (depth === 0) setIsDraggingFiles(false);
    };
    const onDrop = (event: DragEvent) => {
      depth = 0;
      setIsDraggingFiles(false);
      if (!event.dataTransfer || !carriesFiles(event)) return;
      // Without this the browser would open the dropped image and leave the page.
      event.preventDefault();
      collectDroppedFiles(event.dataTransfer).then(
        (files) => getUploadController().addFiles(files),
        () => undefined,
      );
    };
    const onPaste = (event: ClipboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, [contenteditable=true]")) return;
      const files = [...(event.clipboardData?.files ?? [])];
      if (files.length === 0) return;
      event.preventDefault();
      getUploadController().addFiles(files);
    };

    window.addEventListener("dragenter", onDragEnter);
    window.addEventListener("dragover", onDragOver);
    window.addEventListener("dragleave", onDragLeave);
    window.addEventListener("drop", onDrop);
    window.addEventListener("paste", onPaste);
    return () => {
      window.removeEventListener("dragenter", onDragEnter);
      window.removeEventListener("dragover", onDragOver);
      window.removeEventListener("dragleave", onDragLeave);
      window.removeEventListener("drop", onDrop);
      window.removeEventListener("paste", onPaste);
    };
  }, []);

  const onCancel = useCallback((id: string) => getUploadController().cancel(id), []);
  const onRetry = useCallback((id: string) => getUploadController().retry(id), []);
  const onDismiss = useCallback((id: string) => getUploadController().dismiss(id), []);
  const onKeepBoth = useCallback((id: string) => getUploadController().keepBoth(id), []);

  const limitText = maxUploadBytes ? ` · up to ${formatBytes(maxUploadBytes)} each` : "";

  return (
    <div className="flex flex-col gap-6">
      <div
        data-testid="drop-zone"
        className={cn(
          "flex flex-col items-center justify-center gap-4 rounded-xl border-2 border-dashed bg-muted/30 px-6 py-12 text-center transition-colors",
          isDraggingFiles && "border-primary bg-primary/5",
        )}
      >
        <div className="flex size-12 items-center justify-center rounded-full bg-background shadow-sm ring-1 ring-border">
          <UploadCloudIcon className="size-6 text-muted-foreground" aria-hidden="true" />
        </div>
        <div className="flex flex-col gap-1">
          <p className="text-base font-medium">Drop images anywhere on this page</p>
          <p className="text-sm text-muted-foreground">
            {allowedImageTypesText}
            {limitText}. You can also paste them.
          </p>
        </div>
        <Button type="button" onClick={() => inputRef.current?.click()}>
          <ImagePlusIcon aria-hidden="true" />
          Choose images
        </Button>
        <input
          ref={inputRef}
          data-testid="file-input"
          type="file"
          multiple
          accept={imageAcceptAttribute}
          className="sr-only"
          tabIndex={-1}
          aria-label="Choose images to upload"
          onChange={(event) => {
            const files = [...(event.currentTarget.files ?? [])];
            // Cleared so choosing the same file again still fires a change.
            event.currentTarget.value = "";
            if (files.length > 0) getUploadController().addFiles(files);
          }}
        />
      </div>

      <UploadIntoAlbum rows={snapshot.rows} />

      {snapshot.interrupted.length > 0 && (
        <InterruptedUploads
          entries={snapshot.interrupted}
          onChooseFiles={() => inputRef.current?.click()}
          onDiscard={() => getUploadController().discardInterrupted()}
        />
      )}

      {snapshot.rows.length > 0 && (
        <>
          <UploadSummary
            snapshot={snapshot}
            onCancelAll={() => getUploadController().cancelAll()}
            onRetryFailed={() => getUploadController().retryFailed()}
            onClearFinished={() => getUploadController().clearFinished()}
            onPauseAll={() => getUploadController().pauseAll()}
            onResumeAll={() => getUploadController().resumeAll()}
          />
          <Suspense>
            <UploadList rows={snapshot.rows} isHeld={snapshot.isPaused || snapshot.isOffline} onCancel={onCancel} onRetry={onRetry} onDismiss={onDismiss} onKeepBoth={onKeepBoth} />
          </Suspense>
        </>
      )}

      {isDraggingFiles && (
        <div aria-hidden="true" className="pointer-events-none fixed inset-0 z-40 flex items-center justify-center bg-background/80 backdrop-blur-sm">
          <div className="flex flex-col items-center gap-3 rounded-2xl border-2 border-dashed border-primary bg-card px-12 py-10 shadow-lg">
            <UploadCloudIcon className="size-10 text-primary" />
            <p className="text-lg font-medium">Drop to upload</p>
          </div>
        </div>
      )}
    </div>
  );
}
