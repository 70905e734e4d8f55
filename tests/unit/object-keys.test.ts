import { describe, expect, it } from "vitest";
import { assertSafeKey, originalKey, thumbnailKey } from "@/server/storage/keys";

describe("object keys", () => {
  it("puts an image's original and thumbnail side by side under server-made ids", () => {
    expect(originalKey("owner1", "abc_DEF-123")).toBe("images/owner1/abc_DEF-123/original");
    expect(thumbnailKey("owner1", "abc_DEF-123")).toBe("images/owner1/abc_DEF-123/thumb.webp");
  });

  it.each(["../x", "a/../../b", "", "/etc/passwd", "a//b", "a\\b", "./a", "a/\0"])("refuses a key that could escape: %j", (key) => {
    expect(() => assertSafeKey(key)).toThrow(/unsafe object key/);
  });

  it.each(["a b", "..", "x/y", "name.jpg"])("refuses client text as an id segment: %j", (segment) => {
    expect(() => originalKey("owner", segment)).toThrow(/unsafe upload id/);
  });
});
