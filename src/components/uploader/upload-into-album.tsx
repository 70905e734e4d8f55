"use client";

import { useCallback, useEffect, useId, useRef, useState } from "react";
import { toast } from "sonner";
import { addAlbumImages } from "@/client/album-api";
import { useAlbums } from "@/components/albums/album-queries";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import type { UploadRow } from "./upload-store";

/** Finished files are put in the album a batch at a time, not one call each. */
const BATCH_DELAY_MS = 400;

/** The image each finished row stands for: the new one, or the one the library already held. */
function finishedImageId(row: UploadRow): string | undefined {
  if (row.state === "done") return row.imageId;
  if (row.state === "duplicate") return row.duplicateOf?.id;
  return undefined;
}

/**
 * "Upload into album": every file of this page's list that finishes (or was already in the
 * library) joins the chosen album.
 */
export function UploadIntoAlbum({ rows }: { rows: readonly UploadRow[] }) {
  const fieldId = useId();
  const albums = useAlbums();
  const choices = albums.data?.pages.flatMap((page) => page.albums) ?? [];
  const [albumId, setAlbumId] = useState("");
  // Per album, the images already sent (or on their way); the queue outlives re-renders, and
  // whatever is queued is sent at once when the page is left, so no finished file is dropped.
  const placed = useRef(new Map<string, Set<string>>());
  const queue = useRef<{ albumId: string; ids: string[]; timer: ReturnType<typeof setTimeout> | null }>({ albumId: "", ids: [], timer: null });

  const flush = useCallback(() => {
    const { albumId: target, ids, timer } = queue.current;
    if (timer) clearTimeout(timer);
    queue.current = { albumId: target, ids: [], timer: null };
    if (!target || ids.length === 0) return;
    addAlbumImages(target, ids).catch((error: Error) => {
      const sent = placed.current.get(target);
      for (const id of ids) sent?.delete(id);
      toast.error(`Not added to the album: ${error.message}`);
    });
  }, []);

  useEffect(() => flush, [flush]);

  useEffect(() => {
    if (!albumId) return;
    if (queue.current.albumId !== albumId) flush();
    const sent = placed.current.get(albumId) ?? new Set<string>();
    placed.current.set(albumId, sent);
    const fresh = rows.map(finishedImageId).filter((id): id is string => id !== undefined && !sent.has(id));
    if (fresh.length === 0) return;
    for (const id of fresh) sent.add(id);
    queue.current = { albumId, ids: [...(queue.current.albumId === albumId ? queue.current.ids : []), ...fresh], timer: queue.current.timer };
    queue.current.timer ??= setTimeout(flush, BATCH_DELAY_MS);
  }, [albumId, rows, flush]);

  if (choices.length === 0) return null;
  return (
    <div className="flex items-center gap-2 self-start text-sm">
      <Label htmlFor={fieldId}>Upload into album</Label>
      <div className="w-56">
        <NativeSelect id={fieldId} value={albumId} onChange={(event) => setAlbumId(event.target.value)}>
          <option value="">No album</option>
          {choices.map((album) => (
            <option key={album.id} value={album.id}>
              {album.name}
            </option>
          ))}
        </NativeSelect>
      </div>
    </div>
  );
}
