import { allowedImageTypes, type AllowedImageType } from "./image-types";

/** The orders `GET /api/images?sort=` offers; the first is the default. */
export const imageSorts = ["newest", "oldest", "taken-newest", "taken-oldest", "name", "largest"] as const;
export type ImageSort = (typeof imageSorts)[number];

export const imageSortLabels: Record<ImageSort, string> = {
  newest: "Newest uploads",
  oldest: "Oldest uploads",
  "taken-newest": "Date taken, newest",
  "taken-oldest": "Date taken, oldest",
  name: "Name, A to Z",
  largest: "Largest files",
};

export const isDateTakenSort = (sort: ImageSort) => sort === "taken-newest" || sort === "taken-oldest";

/** What the gallery shows: the same names in the page's URL (`/gallery?q=&sort=`) and the API's query. */
export interface GalleryQuery {
  q: string;
  sort: ImageSort;
  types: AllowedImageType[];
  /** Calendar days, `YYYY-MM-DD`, both inclusive; null for open-ended. */
  takenFrom: string | null;
  takenTo: string | null;
}

export const defaultGalleryQuery: GalleryQuery = { q: "", sort: "newest", types: [], takenFrom: null, takenTo: null };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (value: string | null) => (value && DAY.test(value) && !Number.isNaN(Date.parse(value)) ? value : null);

/** Reads a page URL's query leniently: anything unknown or malformed falls back to the default, so an old link still opens. */
export function readGalleryQuery(params: URLSearchParams): GalleryQuery {
  const sort = params.get("sort");
  const types = params.getAll("type").filter((type): type is AllowedImageType => (allowedImageTypes as readonly string[]).includes(type));
  return {
    q: (params.get("q") ?? "").slice(0, 200),
    sort: (imageSorts as readonly string[]).includes(sort ?? "") ? (sort as ImageSort) : "newest",
    types: [...new Set(types)],
    takenFrom: day(params.get("takenFrom")),
    takenTo: day(params.get("takenTo")),
  };
}

/** The query as URL parameters, defaults left out so the plain gallery stays `/gallery`. */
export function galleryQueryParams(query: GalleryQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q.trim()) params.set("q", query.q.trim());
  if (query.sort !== "newest") params.set("sort", query.sort);
  for (const type of query.types) params.append("type", type);
  if (query.takenFrom) params.set("takenFrom", query.takenFrom);
  if (query.takenTo) params.set("takenTo", query.takenTo);
  return params;
}

/** Anything that narrows the list (a search or a filter; a sort alone does not). */
export function isNarrowed(query: GalleryQuery): boolean {
  return query.q.trim() !== "" || query.types.length > 0 || query.takenFrom !== null || query.takenTo !== null;
}

/**
 * "Jump to a year" for the date-taken sorts: the list starts at that year and goes on from
 * there (older for newest-first, newer for oldest-first), as a bound the API pages through.
 */
export function jumpToYear(query: GalleryQuery, year: number): GalleryQuery {
  if (query.sort === "taken-oldest") return { ...query, takenFrom: `${year}-01-01`, takenTo: null };
  return { ...query, sort: "taken-newest", takenFrom: null, takenTo: `${year}-12-31` };
}
