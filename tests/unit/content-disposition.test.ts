import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { asciiFallbackName, cleanFileName, contentDisposition, downloadFileName, encodeExtValue } from "@/lib/content-disposition";

const verifiedTypes = ["image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"] as const;
const extensionOf = { "image/jpeg": ["jpg", "jpeg", "jpe", "jfif"], "image/png": ["png"], "image/webp": ["webp"], "image/gif": ["gif"], "image/avif": ["avif"] };
const invisible = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const unsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069/\\]/;

/** Names as uploaders send them: any text, often with bidi marks, controls and dotted parts mixed in. */
const hostileName = fc
  .array(fc.oneof(fc.string({ unit: "grapheme" }), fc.constantFrom("\u202e", "\u2066", "\u200f", "\u0000", "\n", "\r", "\u0085", ".", "/", "\\", "..", '"', "%", "'", ".jpg", ".hta")), { maxLength: 12 })
  .map((parts) => parts.join(""));

/** RFC 8187 decoding, as a browser does it. */
function decodeExtValue(header: string): string {
  const match = /filename\*=UTF-8''([^;\s]*)/.exec(header);
  expect(match, header).toBeTruthy();
  expect(match![1]).toMatch(/^(?:[A-Za-z0-9!#$&+\-.^_`|~]|%[0-9A-F]{2})*$/);
  return decodeURIComponent(match![1]!);
}

describe("download names", () => {
  it("a JPEG called photo.hta downloads as photo.hta.jpg; a matching extension stays", () => {
    expect(downloadFileName("photo.hta", "image/jpeg")).toBe("photo.hta.jpg");
    expect(downloadFileName("photo.JPEG", "image/jpeg")).toBe("photo.JPEG");
    expect(downloadFileName("scan.png", "image/webp")).toBe("scan.png.webp");
    expect(downloadFileName("noext", "image/gif")).toBe("noext.gif");
  });

  it("bidi overrides, controls and path separators are stripped", () => {
    expect(cleanFileName("holiday\u202Egpj.exe")).toBe("holidaygpj.exe");
    expect(cleanFileName("a\u0000b\nc\u0085d\u2066e\u2069")).toBe("abcde");
    expect(cleanFileName("../../etc/passwd")).toBe(".._.._etc_passwd");
    expect(cleanFileName("\u202e\u202e")).toBe("image");
    expect(cleanFileName("..")).toBe("image");
  });

  it("filename* is RFC 8187 (no ' ( ) * literal) with an ASCII filename= fallback", () => {
    expect(encodeExtValue("Wald im Herbst (1)'*.webp")).toBe("UTF-8''Wald%20im%20Herbst%20%281%29%27%2A.webp");
    expect(asciiFallbackName('Grüße "100%".png')).toBe("Gr__e _100__.png");
    expect(contentDisposition("attachment", "Grüße.png", "image/png")).toBe(`attachment; filename="Gr__e.png"; filename*=UTF-8''Gr%C3%BC%C3%9Fe.png`);
  });

  it("property: any name gives a single-line header whose decoded name is clean and ends in the verified type's extension", () => {
    fc.assert(
      fc.property(hostileName, fc.constantFrom(...verifiedTypes), fc.constantFrom("inline", "attachment"), (name, type, kind) => {
        const header = contentDisposition(kind, name, type);
        expect(header).toMatch(/^[\x20-\x7e]+$/);
        expect(header.startsWith(`${kind}; filename="`)).toBe(true);
        const fallback = /filename="([^"]*)"/.exec(header)![1]!;
        expect(fallback).not.toMatch(/["\\%]/);
        const decoded = decodeExtValue(header);
        expect(decoded).toBe(downloadFileName(name, type));
        expect(decoded).not.toMatch(unsafe);
        expect(decoded.length).toBeGreaterThan(0);
        const extension = decoded.slice(decoded.lastIndexOf(".") + 1).toLowerCase();
        expect(extensionOf[type]).toContain(extension);
      }),
      { numRuns: 500 },
    );
  });

  it("property: cleaning is idempotent and keeps every safe character", () => {
    fc.assert(
      fc.property(hostileName, (name) => {
        const once = cleanFileName(name);
        expect(cleanFileName(once)).toBe(once);
        const safe = name.replace(invisible, "").replace(/[/\\]/g, "_").trim();
        if (safe !== "" && !/^\.+$/.test(safe)) expect(once).toBe(safe);
      }),
      { numRuns: 500 },
    );
  });
});
