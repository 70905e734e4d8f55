"use client";

import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import type { ImageDto } from "@/client/api-client";

/** Cards are at least this wide; the column count follows the grid's width (2 to 6, as before). */
const MIN_CARD_PX = 160;
const GAP_PX = 16;
/** The caption under each square thumbnail (one line of text and its padding). */
const CAPTION_PX = 36;
/** Cards kept in the DOM beyond the window on each side: enough for a quick fling, few enough to stay light. */
const OVERSCAN_CARDS = 90;
/** Start loading the next page this many rows before the end. */
const PREFETCH_ROWS = 6;

function columnsFor(width: number): number {
  return Math.min(6, Math.max(2, Math.floor((width + GAP_PX) / (MIN_CARD_PX + GAP_PX))));
}

/** The grid's width and its distance from the top of the document, kept up to date. */
function useGridBox(ref: React.RefObject<HTMLDivElement | null>): { width: number; top: number } {
  const [box, setBox] = useState({ width: 0, top: 0 });
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const rect = element.getBoundingClientRect();
      setBox((current) => (current.width === rect.width && current.top === rect.top + window.scrollY ? current : { width: rect.width, top: rect.top + window.scrollY }));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [ref]);
  return box;
}

/**
 * The image grid, virtualized by rows against the window: however many images are loaded (a
 * library of 100,000 scrolled to the end), only the rows near the viewport are in the DOM. Loads
 * the next page as the end comes near.
 */
export function VirtualImageGrid({
  images,
  renderCard,
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
}: {
  images: readonly ImageDto[];
  renderCard: (image: ImageDto) => React.ReactNode;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
}) {
  const gridRef = useRef<HTMLDivElement>(null);
  const { width, top } = useGridBox(gridRef);
  const columns = columnsFor(width || 1024);
  const cardWidth = width > 0 ? (width - GAP_PX * (columns - 1)) / columns : MIN_CARD_PX;
  const rowStride = Math.round(cardWidth + CAPTION_PX + GAP_PX);
  const rowCount = Math.ceil(images.length / columns);

  const virtualizer = useWindowVirtualizer({
    count: rowCount,
    estimateSize: () => rowStride,
    overscan: Math.ceil(OVERSCAN_CARDS / columns),
    scrollMargin: top,
    getItemKey: (index) => images[index * columns]?.id ?? index,
  });
  // Row heights depend on the width: re-measure when it changes.
  useEffect(() => virtualizer.measure(), [virtualizer, rowStride, columns]);

  const rows = virtualizer.getVirtualItems();
  const lastRow = rows.at(-1)?.index ?? -1;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastRow >= rowCount - PREFETCH_ROWS) fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, lastRow, rowCount, fetchNextPage]);

  return (
    <div ref={gridRef} role="list" aria-label="Images" className="relative w-full" style={{ height: virtualizer.getTotalSize() }} data-testid="image-grid">
      {rows.map((row) => (
        <div
          key={row.key}
          className="absolute top-0 left-0 grid w-full"
          style={{
            gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
            gap: GAP_PX,
            height: rowStride - GAP_PX,
            transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)`,
          }}
        >
          {images.slice(row.index * columns, row.index * columns + columns).map((image) => (
            <div key={image.id} role="listitem">
              {renderCard(image)}
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
