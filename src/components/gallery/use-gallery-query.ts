"use client";

import { useCallback, useMemo } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { galleryQueryParams, readGalleryQuery, type GalleryQuery } from "@/lib/gallery-query";

/**
 * The gallery's search, sort and filters, kept in the page's URL so a reload, a shared link and
 * the back button all show the same list. `replace` is for typing (one history entry per search,
 * not per keystroke); every other change adds an entry.
 */
export function useGalleryQuery(): [GalleryQuery, (next: GalleryQuery, options?: { replace?: boolean }) => void] {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const query = useMemo(() => readGalleryQuery(new URLSearchParams(searchParams.toString())), [searchParams]);
  const setQuery = useCallback(
    (next: GalleryQuery, options: { replace?: boolean } = {}) => {
      const search = galleryQueryParams(next).toString();
      const href = search ? `${pathname}?${search}` : pathname;
      if (options.replace) router.replace(href, { scroll: false });
      else router.push(href, { scroll: false });
    },
    [router, pathname],
  );
  return [query, setQuery];
}
