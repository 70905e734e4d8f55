import { describe, expect, it } from "vitest";
import { newUploadRow } from "../../src/components/uploader/new-upload-row";

function file(name: string, type: string, size: number): File {
  return new File([new Uint8Array(size)], name, { type, lastModified: 1_700_000_000_000 });
}

describe("newUploadRow", () => {
  it("queues an allowed image with the type it will be declared as", () => {
    const row = newUploadRow(file("cat.jpg", "image/jpeg", 10), undefined);
    expect(row).toMatchObject({ name: "cat.jpg", type: "image/jpeg", size: 10, state: "queued", canRetry: false, isPreviewable: true, attempt: 0, retryFrom: "start" });
    expect(row.error).toBeUndefined();
  });

  it("previews only files small enough for the browser to decode cheaply", () => {
    // A real 180 MB File would cost the test 180 MB; only its size matters here.
    const huge = Object.defineProperty(file("pano.png", "image/png", 10), "size", { value: 180 * 1024 * 1024 });
    expect(newUploadRow(huge, undefined)).toMatchObject({ state: "queued", isPreviewable: false });
    expect(newUploadRow(file("photo.jpg", "image/jpeg", 3 * 1024 * 1024), undefined)).toMatchObject({ isPreviewable: true });
  });

  it("fails a refused file at once, with the pre-check's reason and no retry", () => {
    const svg = newUploadRow(file("logo.svg", "image/svg+xml", 10), undefined);
    expect(svg).toMatchObject({ state: "failed", canRetry: false, isPreviewable: false });
    expect(svg.error).toMatch(/SVG files are not allowed/);
    expect(newUploadRow(file("big.png", "image/png", 2_000), 1_000)).toMatchObject({ state: "failed" });
  });

  it("gives every row its own id and the file's fingerprint", () => {
    const same = file("cat.jpg", "image/jpeg", 10);
    const a = newUploadRow(same, undefined);
    const b = newUploadRow(same, undefined);
    expect(a.id).not.toBe(b.id);
    expect(a.fingerprint).toBe(b.fingerprint);
  });
});
