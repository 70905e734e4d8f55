import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { renderStrippedCopy } from "@/server/shares/render-stripped-copy";
import { sharedRenditionKey } from "@/server/storage/keys";
import { countGpsTags, makeJpegWithGps } from "../fixtures/gps-jpeg";
import { makeImage, makeRotatedJpeg } from "../fixtures/images";

const MAX_PIXELS = 100_000_000;

async function makeAnimatedGif(): Promise<Buffer> {
  const frames = await Promise.all(["#f00", "#0f0", "#00f"].map((background) => sharp({ create: { width: 20, height: 10, channels: 3, background } }).png().toBuffer()));
  return sharp(frames, { join: { animated: true } }).gif({ delay: [100, 100, 100] }).toBuffer();
}

describe("the stripped copy a share link serves", () => {
  it("drops EXIF with its GPS IFD from a JPEG, and stays a JPEG of the same size", async () => {
    const original = await makeJpegWithGps();
    const before = await sharp(original).metadata();
    expect(countGpsTags(before.exif)).toBeGreaterThanOrEqual(4);

    const copy = await renderStrippedCopy(original, "image/jpeg", MAX_PIXELS);
    const after = await sharp(copy.bytes).metadata();
    expect(copy.extension).toBe("jpg");
    expect(after).toMatchObject({ format: "jpeg", width: 96, height: 64 });
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(copy.bytes.includes(Buffer.from("Pixbucket Test Camera"))).toBe(false);
  });

  it("bakes the EXIF orientation into the pixels", async () => {
    const copy = await renderStrippedCopy(await makeRotatedJpeg(), "image/jpeg", MAX_PIXELS);
    const meta = await sharp(copy.bytes).metadata();
    expect({ width: meta.width, height: meta.height, orientation: meta.orientation }).toEqual({ width: 48, height: 64, orientation: undefined });
  });

  it("keeps a PNG lossless", async () => {
    const original = await makeImage("png", 40, 30, 9);
    const copy = await renderStrippedCopy(original, "image/png", MAX_PIXELS);
    const [a, b] = await Promise.all([sharp(original).raw().toBuffer(), sharp(copy.bytes).raw().toBuffer()]);
    expect(copy.extension).toBe("png");
    expect(b.equals(a)).toBe(true);
  });

  it.each([
    ["webp", "image/webp"],
    ["avif", "image/avif"],
  ] as const)("re-encodes %s in its own format", async (format, type) => {
    const copy = await renderStrippedCopy(await makeImage(format, 32, 32, 3), type, MAX_PIXELS);
    expect(copy.extension).toBe(format);
    expect((await sharp(copy.bytes).metadata()).format).toBe(format === "avif" ? "heif" : format);
  });

  it("keeps an animated GIF animated, or falls back to its first frame past the pixel limit", async () => {
    const gif = await makeAnimatedGif();
    const animated = await renderStrippedCopy(gif, "image/gif", MAX_PIXELS);
    expect((await sharp(animated.bytes).metadata()).pages).toBe(3);
    const firstFrame = await renderStrippedCopy(gif, "image/gif", 20 * 10 * 2);
    const meta = await sharp(firstFrame.bytes).metadata();
    expect(meta.pages ?? 1).toBe(1);
    expect({ width: meta.width, height: meta.height }).toEqual({ width: 20, height: 10 });
  });

  it("lives under shared/ with a random name, never next to the owner's original", () => {
    expect(sharedRenditionKey("Rnd_id-1", "jpg")).toBe("shared/Rnd_id-1.jpg");
    expect(() => sharedRenditionKey("../x", "jpg")).toThrow(/unsafe/);
    expect(() => sharedRenditionKey("ok", "j/pg")).toThrow(/unsafe/);
  });
});
