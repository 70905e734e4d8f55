"use client";

import { useEffect, useId, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { SearchIcon, XIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { getMe } from "@/client/account-api";
import { meQueryKey } from "@/components/settings/settings-queries";
import { defaultGalleryQuery, imageSortLabels, imageSorts, isDateTakenSort, isNarrowed, jumpToYear, type GalleryQuery, type ImageSort } from "@/lib/gallery-query";
import { formatUsage } from "@/lib/format-usage";
import { allowedImageTypes, type AllowedImageType } from "@/lib/image-types";
import { cn } from "@/lib/cn";

const typeLabels: Record<AllowedImageType, string> = { "image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP", "image/gif": "GIF", "image/avif": "AVIF", "image/heic": "HEIC", "image/heif": "HEIF" };
/** A search is sent once typing pauses this long. */
const SEARCH_DEBOUNCE_MS = 300;
const FIRST_YEAR = 1990;

/** Search box, sort, type and date-taken filters, "jump to a year" for the date sorts, and the library's size. */
export function GalleryFilters({ query, onChange }: { query: GalleryQuery; onChange: (next: GalleryQuery, options?: { replace?: boolean }) => void }) {
  const searchId = useId();
  const sortId = useId();
  const fromId = useId();
  const toId = useId();
  const yearId = useId();
  const [text, setText] = useState(query.q);
  const me = useQuery({ queryKey: meQueryKey, queryFn: getMe, staleTime: 60_000 });

  // The URL changed from outside (back button, a link): show its search. Adjusted during render,
  // React's way for state that follows a prop, so typing is never overwritten by its own echo.
  const [shownQ, setShownQ] = useState(query.q);
  if (query.q !== shownQ) {
    setShownQ(query.q);
    if (query.q.trim() !== text.trim()) setText(query.q);
  }
  useEffect(() => {
    if (text.trim() === query.q.trim()) return;
    const timer = setTimeout(() => onChange({ ...query, q: text }, { replace: true }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, query, onChange]);

  const toggleType = (type: AllowedImageType) =>
    onChange({ ...query, types: query.types.includes(type) ? query.types.filter((item) => item !== type) : [...query.types, type] });
  const thisYear = new Date().getFullYear();

  return (
    <div className="flex flex-col gap-3" data-testid="gallery-filters">
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex min-w-48 flex-1 flex-col gap-1.5">
          <Label htmlFor={searchId}>Search by name</Label>
          <div className="relative">
            <SearchIcon className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden="true" />
            <Input id={searchId} type="search" className="pl-9" value={text} maxLength={200} placeholder="e.g. beach" onChange={(event) => setText(event.target.value)} />
          </div>
        </div>
        <div className="flex w-52 flex-col gap-1.5">
          <Label htmlFor={sortId}>Sort</Label>
          <NativeSelect id={sortId} value={query.sort} onChange={(event) => onChange({ ...query, sort: event.target.value as ImageSort })}>
            {imageSorts.map((sort) => (
              <option key={sort} value={sort}>
                {imageSortLabels[sort]}
              </option>
            ))}
          </NativeSelect>
        </div>
        {isDateTakenSort(query.sort) && (
          <div className="flex w-36 flex-col gap-1.5">
            <Label htmlFor={yearId}>Jump to year</Label>
            <NativeSelect
              id={yearId}
              value=""
              onChange={(event) => {
                if (event.target.value) onChange(jumpToYear(query, Number(event.target.value)));
              }}
            >
              <option value="">Year…</option>
              {Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, index) => thisYear - index).map((year) => (
                <option key={year} value={year}>
                  {year}
                </option>
              ))}
            </NativeSelect>
          </div>
        )}
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <fieldset className="flex flex-col gap-1.5">
          <legend className="mb-1.5 text-sm font-medium">Type</legend>
          <div className="flex flex-wrap gap-1">
            {allowedImageTypes.map((type) => (
              <Button
                key={type}
                type="button"
                size="sm"
                variant="outline"
                aria-pressed={query.types.includes(type)}
                className={cn(query.types.includes(type) && "border-primary bg-primary text-primary-foreground hover:bg-primary/90 hover:text-primary-foreground")}
                onClick={() => toggleType(type)}
              >
                {typeLabels[type]}
              </Button>
            ))}
          </div>
        </fieldset>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={fromId}>Taken from</Label>
          <Input id={fromId} type="date" className="w-40" value={query.takenFrom ?? ""} onChange={(event) => onChange({ ...query, takenFrom: event.target.value || null })} />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={toId}>Taken until</Label>
          <Input id={toId} type="date" className="w-40" value={query.takenTo ?? ""} onChange={(event) => onChange({ ...query, takenTo: event.target.value || null })} />
        </div>
        {isNarrowed(query) && (
          <Button type="button" variant="ghost" size="sm" onClick={() => onChange({ ...defaultGalleryQuery, sort: query.sort })}>
            <XIcon aria-hidden="true" />
            Clear filters
          </Button>
        )}
        <p className="ml-auto text-sm text-muted-foreground" data-testid="library-usage">
          {me.data ? `Your library: ${formatUsage(me.data)}` : "\u00a0"}
        </p>
      </div>
    </div>
  );
}
