import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultGalleryQuery, galleryQueryParams, imageSorts, isNarrowed, jumpToYear, readGalleryQuery, type GalleryQuery } from "@/lib/gallery-query";
import { allowedImageTypes } from "@/lib/image-types";

describe("gallery query in the URL", () => {
  it("leaves the defaults out, so the plain gallery is /gallery", () => {
    expect(galleryQueryParams(defaultGalleryQuery).toString()).toBe("");
  });

  it("reads back what it writes, for any query", () => {
    const query = fc.record<GalleryQuery>({
      q: fc.string({ maxLength: 40 }).map((text) => text.trim()),
      sort: fc.constantFrom(...imageSorts),
      types: fc.uniqueArray(fc.constantFrom(...allowedImageTypes)),
      takenFrom: fc.option(fc.date({ min: new Date("1990-01-01"), max: new Date("2030-12-31"), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)), { nil: null }),
      takenTo: fc.option(fc.date({ min: new Date("1990-01-01"), max: new Date("2030-12-31"), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)), { nil: null }),
    });
    fc.assert(
      fc.property(query, (value) => {
        expect(readGalleryQuery(galleryQueryParams(value))).toEqual(value);
      }),
    );
  });

  it("falls back to defaults for what it does not know", () => {
    const read = readGalleryQuery(new URLSearchParams("sort=random&type=text/html&type=image/png&type=image/png&takenFrom=yesterday&takenTo=2024-02-30x"));
    expect(read).toEqual({ ...defaultGalleryQuery, types: ["image/png"] });
  });

  it("jumps to a year as a bound in the sort's direction", () => {
    expect(jumpToYear(defaultGalleryQuery, 2019)).toMatchObject({ sort: "taken-newest", takenTo: "2019-12-31", takenFrom: null });
    expect(jumpToYear({ ...defaultGalleryQuery, sort: "taken-oldest" }, 2019)).toMatchObject({ sort: "taken-oldest", takenFrom: "2019-01-01", takenTo: null });
    expect(isNarrowed(jumpToYear(defaultGalleryQuery, 2019))).toBe(true);
    expect(isNarrowed({ ...defaultGalleryQuery, sort: "name" })).toBe(false);
  });
});
