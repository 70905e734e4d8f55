"use client";

import { HistoryIcon, ImagePlusIcon, XIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { formatBytes } from "@/lib/format-bytes";
import type { JournalEntry } from "./upload-journal";

/** Names beyond this many are summed up; the point is recognising the batch, not reading a list. */
const maxNamesShown = 8;

/**
 * Uploads an earlier visit left unfinished (the page was closed, reloaded or crashed). Browsers
 * never let a page reopen a file by itself, so the person picks the files again; each is
 * recognised and continues where it stopped.
 */
export function InterruptedUploads({
  entries,
  onChooseFiles,
  onDiscard,
}: {
  entries: readonly JournalEntry[];
  onChooseFiles: () => void;
  onDiscard: () => void;
}) {
  const partsSent = entries.some((entry) => entry.multipart && entry.uploadId);
  const shown = entries.slice(0, maxNamesShown);
  const count = entries.length;

  return (
    <section
      aria-label="Interrupted uploads"
      data-testid="interrupted-uploads"
      className="flex flex-col gap-3 rounded-xl border border-amber-500/40 bg-amber-500/5 p-4 shadow-sm"
    >
      <div className="flex items-start gap-3">
        <HistoryIcon className="mt-0.5 size-5 shrink-0 text-amber-600" aria-hidden="true" />
        <div className="flex min-w-0 flex-col gap-1">
          <h2 className="text-sm font-semibold">
            {count === 1 ? "1 upload was interrupted" : `${count} uploads were interrupted`}
          </h2>
          <p className="text-sm text-muted-foreground">
            Re-add these files to resume{partsSent ? " — what already reached storage is not sent again" : ""}. Your browser needs you to pick
            them again; choose them all at once, or drop them on this page.
          </p>
        </div>
      </div>
      <ul className="flex flex-col gap-0.5 pl-8 text-sm" data-testid="interrupted-files">
        {shown.map((entry) => (
          <li key={entry.id} className="truncate">
            <span className="font-medium">{entry.name}</span>
            <span className="text-muted-foreground"> · {formatBytes(entry.size)}</span>
          </li>
        ))}
        {count > shown.length && <li className="text-muted-foreground">…and {count - shown.length} more</li>}
      </ul>
      <div className="flex flex-wrap gap-2 pl-8">
        <Button size="sm" onClick={onChooseFiles}>
          <ImagePlusIcon aria-hidden="true" />
          Choose files to resume
        </Button>
        <Button size="sm" variant="ghost" onClick={onDiscard}>
          <XIcon aria-hidden="true" />
          Discard
        </Button>
      </div>
    </section>
  );
}
