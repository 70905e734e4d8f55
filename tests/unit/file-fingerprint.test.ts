import { describe, expect, it } from "vitest";
import { fileFingerprint } from "@/components/uploader/new-upload-row";

const file = { name: "IMG_0001.jpg", size: 2_345_678, lastModified: 1_700_000_000_000, type: "image/jpeg" };

describe("fileFingerprint", () => {
  it("is the same for the same file picked again", () => {
    expect(fileFingerprint({ ...file })).toBe(fileFingerprint(file));
  });

  it("tells apart files that differ in name, size, modification time or type", () => {
    const variants = [{ name: "IMG_0002.jpg" }, { size: file.size + 1 }, { lastModified: file.lastModified + 1 }, { type: "image/png" }];
    for (const change of variants) expect(fileFingerprint({ ...file, ...change }), JSON.stringify(change)).not.toBe(fileFingerprint(file));
  });

  it("cannot be confused by separators inside names", () => {
    expect(fileFingerprint({ ...file, name: "a,1", size: 2 })).not.toBe(fileFingerprint({ ...file, name: "a", size: 12 }));
  });
});
