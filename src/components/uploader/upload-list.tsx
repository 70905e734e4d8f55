"use client";

import { useLayoutEffect, useRef, useState } from "react";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { UploadRow, type UploadRowActions } from "./upload-row";
import type { UploadRow as UploadRowModel } from "./upload-store";

/** Row height (h-16) plus the gap between rows; rows have a fixed height so nothing needs measuring. */
const rowStridePx = 72;

/**
 * The file list, virtualized against the window scroll: only the rows on screen (plus a few) are
 * in the DOM, so a thousand queued files cost about as much as twenty.
 */
export function UploadList({ rows, isHeld, ...actions }: { rows: readonly UploadRowModel[]; isHeld: boolean } & UploadRowActions) {
  const listRef = useRef<HTMLDivElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);

  // The list starts below the drop zone and summary; the virtualizer needs that offset in page coordinates.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const measure = () => setScrollMargin(list.getBoundingClientRect().top + window.scrollY);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);

  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => rowStridePx,
    overscan: 8,
    scrollMargin,
    getItemKey: (index) => rows[index]?.id ?? index,
  });

  return (
    <div ref={listRef} role="list" aria-label="Files to upload" className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
      {virtualizer.getVirtualItems().map((item) => {
        const row = rows[item.index];
        if (!row) return null;
        return (
          <div
            key={item.key}
            className="absolute top-0 left-0 w-full"
            style={{ height: rowStridePx, transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
          >
            <UploadRow row={row} position={item.index + 1} total={rows.length} isHeld={isHeld} {...actions} />
          </div>
        );
      })}
    </div>
  );
}
