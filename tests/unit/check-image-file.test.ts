import { describe, expect, it } from "vitest";
import { checkImageFile } from "@/components/uploader/check-image-file";
import { isAllowedImageType, resolveImageType } from "../../src/lib/image-types";

const MiB = 1024 * 1024;

describe("resolveImageType", () => {
  it("keeps the type the browser reported", () => {
    expect(resolveImageType("a.png", "image/png")).toBe("image/png");
  });

  it("normalises non-standard JPEG types", () => {
    expect(resolveImageType("a.jpg", "image/jpg")).toBe("image/jpeg");
    expect(resolveImageType("a.jpg", "image/pjpeg")).toBe("image/jpeg");
  });

  it("guesses from the extension when the browser reported nothing", () => {
    expect(resolveImageType("holiday.AVIF", "")).toBe("image/avif");
    expect(resolveImageType("scan.jpeg", "")).toBe("image/jpeg");
    expect(resolveImageType("notes", "")).toBe("");
    expect(resolveImageType(".png", "")).toBe("");
  });
});

describe("checkImageFile", () => {
  it("accepts the five allowed types", () => {
    for (const type of ["image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"]) {
      expect(checkImageFile({ name: "x", type, size: 10 }, 50 * MiB)).toEqual({ isAllowed: true, type });
      expect(isAllowedImageType(type)).toBe(true);
    }
  });

  it("explains that SVG is not allowed and what to use instead", () => {
    const check = checkImageFile({ name: "photo.svg", type: "image/svg+xml", size: 100 });
    expect(check).toEqual({
      isAllowed: false,
      reason: "type",
      message: "SVG files are not allowed — use JPEG, PNG, WebP, GIF, AVIF or HEIC",
    });
  });

  it("takes HEIC photos by their extension, as phones name them", () => {
    expect(checkImageFile({ name: "IMG_0001.HEIC", type: "", size: 100 })).toEqual({ isAllowed: true, type: "image/heic" });
  });

  it("names unknown types by their extension", () => {
    const check = checkImageFile({ name: "notes.txt", type: "text/plain", size: 100 });
    expect(check.isAllowed).toBe(false);
    if (!check.isAllowed) expect(check.message).toBe("TXT files are not allowed — use JPEG, PNG, WebP, GIF, AVIF or HEIC");
  });

  it("handles files with neither type nor extension", () => {
    const check = checkImageFile({ name: "README", type: "", size: 100 });
    expect(check.isAllowed).toBe(false);
    if (!check.isAllowed) expect(check.message).toMatch(/^This kind of file is not allowed/);
  });

  it("refuses files over the limit with both sizes", () => {
    const check = checkImageFile({ name: "big.png", type: "image/png", size: 72 * MiB }, 50 * MiB);
    expect(check).toEqual({
      isAllowed: false,
      reason: "size",
      message: "72 MB is over the 50 MB limit — resize or compress it first",
    });
  });

  it("accepts a file of exactly the limit, and any size when no limit is known", () => {
    expect(checkImageFile({ name: "a.png", type: "image/png", size: 50 * MiB }, 50 * MiB).isAllowed).toBe(true);
    expect(checkImageFile({ name: "a.png", type: "image/png", size: 5000 * MiB }).isAllowed).toBe(true);
  });

  it("refuses empty files", () => {
    expect(checkImageFile({ name: "a.png", type: "image/png", size: 0 }, 50 * MiB)).toMatchObject({ isAllowed: false, reason: "empty" });
  });
});
