import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { images } from "@/server/db/schema";
import { makeHeic, makeMultiImageHeic } from "../fixtures/heic";
import { makeRealPhoto } from "../fixtures/real-photos";
import { expectError } from "../helpers/expect-error";
import { startTestApp, type TestApp } from "../helpers/test-app";
import { storedKeys, uploadFile } from "../helpers/upload-client";
import type { ImageDto } from "@/contract/images";

type ListedImage = ImageDto;

const bytesOf = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());

describe.each(["embedded", "s3"] as const)("HEIC and previews on the %s stack", (stack) => {
  let app: TestApp;
  let heic8: Buffer;
  let heic10: Buffer;

  beforeAll(async () => {
    // A pixel limit of 1 MP here, so a HEIC past it is cheap to make.
    app = await startTestApp(stack, { PIXBUCKET_MAX_PIXELS: String(1_000_000), PIXBUCKET_SWEEP_INTERVAL_SECONDS: "0" });
    [heic8, heic10] = await Promise.all([makeHeic({ source: 1, width: 1000, height: 750 }), makeHeic({ source: 2, width: 800, height: 600, bitDepth: 10 })]);
  }, 60_000);
  afterAll(() => app?.close());

  async function uploaded(name: string, type: string, bytes: Buffer): Promise<ListedImage> {
    const { complete } = await uploadFile(app, { name, type, bytes });
    expect(complete.status, await complete.clone().text()).toBe(201);
    return ((await complete.json()) as { image: ListedImage }).image;
  }

  it.each([
    ["8-bit", () => heic8, 1000, 750],
    ["10-bit", () => heic10, 800, 600],
  ])("a %s HEIC from heif-enc is indexed with its true size; thumbnail and preview are WebP; the download is byte-exact", async (_, bytes, width, height) => {
    const image = await uploaded(`phone-${width}.heic`, "image/heic", bytes());
    expect(image).toMatchObject({ type: "image/heic", width, height });
    const [thumbnail, preview] = await Promise.all([bytesOf(image.thumbnailUrl), bytesOf(image.previewUrl)]);
    expect(await sharp(thumbnail).metadata()).toMatchObject({ format: "webp", width: 400 });
    // Drawn at verification from the decoded pixels: the preview URL is already a signed one.
    expect(image.previewUrl).not.toContain(`/api/images/${image.id}/preview`);
    expect(await sharp(preview).metadata()).toMatchObject({ format: "webp", width, height });
    expect((await bytesOf(image.url)).equals(bytes())).toBe(true);
    const [row] = await app.runtime.db.select().from(images).where(eq(images.id, image.id));
    expect(row!.previewKey).toMatch(/preview\.webp$/);
  }, 60_000);

  it("a multi-image HEIC is indexed as its primary image (here the smaller one, listed first)", async () => {
    const bytes = await makeMultiImageHeic([await makeRealPhoto({ source: 12, width: 320, height: 200 }), await makeRealPhoto({ source: 13, width: 640, height: 480 })]);
    const image = await uploaded("burst.heic", "image/heic", bytes);
    expect(image).toMatchObject({ type: "image/heic", width: 320, height: 200 });
    expect(await sharp(await bytesOf(image.previewUrl)).metadata()).toMatchObject({ width: 320, height: 200 });
  }, 60_000);

  it("a shared HEIC is a JPEG on the share link: any browser draws it, and it carries no EXIF", async () => {
    const image = await uploaded("shared.heic", "image/heic", await makeHeic({ source: 4, width: 640, height: 480 }));
    const created = await app.api("/api/shares", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ imageIds: [image.id], expiresIn: "1h" }) });
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: string };
    const opened = await fetch(`${app.origin}/api/public/shares/${token}`);
    expect(opened.status).toBe(200);
    const [shown] = ((await opened.json()) as { share: { images: { type: string; url: string; downloadUrl: string }[] } }).share.images;
    expect(shown!.type).toBe("image/jpeg");
    const served = await fetch(shown!.url);
    expect(served.headers.get("content-type")).toBe("image/jpeg");
    const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 640, height: 480 });
    expect(meta.exif).toBeUndefined();
    // Saved under a name that says what it now is.
    expect((await fetch(shown!.downloadUrl)).headers.get("content-disposition")).toMatch(/^attachment; filename="shared\.heic\.jpg"/);
  }, 60_000);

  it("a truncated HEIC is 422 invalid_image and leaves nothing behind", async () => {
    const cut = heic8.subarray(0, Math.floor(heic8.length / 2));
    const { id, complete } = await uploadFile(app, { name: "cut.heic", type: "image/heic", bytes: cut });
    await expectError(complete, 422, "invalid_image");
    expect((await storedKeys(app)).filter((key) => key.includes(id))).toEqual([]);
  }, 60_000);

  it("a HEIC over the pixel limit is refused before it is decoded", async () => {
    const big = await makeHeic({ source: 3, width: 1200, height: 900 });
    const { id, complete } = await uploadFile(app, { name: "big.heic", type: "image/heic", bytes: big });
    const body = await expectError(complete, 422, "invalid_image");
    expect(body.error.message).toMatch(/1200 × 900 pixels/);
    expect((await storedKeys(app)).filter((key) => key.includes(id))).toEqual([]);
  }, 60_000);

  it("a JPEG's preview is drawn on first view: upright WebP, long side within 2048 px, no EXIF, kept and deleted with the image", async () => {
    const photo = await makeRealPhoto({ source: 4, width: 1000, height: 600, orientation: 6, gps: { lat: 10.5, lon: 20.25 } });
    const image = await uploaded("rotated.jpg", "image/jpeg", photo);
    expect(image.previewUrl).toBe(`${app.origin}/api/images/${image.id}/preview`);

    // A stranger cannot have it drawn; the owner is redirected to the signed rendition.
    await expectError(await fetch(image.previewUrl), 401, "unauthorized");
    const first = await app.api(`/api/images/${image.id}/preview`, { redirect: "manual" });
    expect(first.status).toBe(302);
    const preview = await bytesOf(first.headers.get("location")!);
    const meta = await sharp(preview).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 600, height: 1000 }); // orientation 6 applied
    expect(meta.exif).toBeUndefined();

    const again = ((await (await app.api(`/api/images/${image.id}`)).json()) as { image: ListedImage }).image;
    expect(again.previewUrl).not.toContain(`/api/images/${image.id}/preview`);
    expect((await bytesOf(again.previewUrl)).equals(preview)).toBe(true);

    expect((await app.api(`/api/images/${image.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await storedKeys(app)).filter((key) => key.includes(image.id))).toEqual([]);
  }, 60_000);

  it("a photo wider than 2048 px gets a preview 2048 px wide", async () => {
    const wide = await makeRealPhoto({ source: 5, width: 3000, height: 1000, quality: 80 });
    // Within this app's 1 MP limit it would be refused, so a second app with the default limit draws it.
    const roomy = await startTestApp(stack, { PIXBUCKET_SWEEP_INTERVAL_SECONDS: "0" });
    try {
      const { complete } = await uploadFile(roomy, { name: "wide.jpg", type: "image/jpeg", bytes: wide });
      expect(complete.status).toBe(201);
      const { image } = (await complete.json()) as { image: ListedImage };
      const redirect = await roomy.api(`/api/images/${image.id}/preview`, { redirect: "manual" });
      expect(redirect.status).toBe(302);
      expect(await sharp(await bytesOf(redirect.headers.get("location")!)).metadata()).toMatchObject({ width: 2048, height: 683 });
    } finally {
      await roomy.close();
    }
  }, 60_000);
});
