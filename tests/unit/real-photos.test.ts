import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { makeRealPhoto, makeRealPhotoSet, realPhotoSources } from "../fixtures/real-photos";

describe("real-photo fixture", () => {
  it("finds the installed photographs", () => {
    expect(realPhotoSources().length).toBeGreaterThanOrEqual(8);
  });

  it("makes a photo of the asked size, format, orientation and EXIF", async () => {
    const photo = await makeRealPhoto({
      source: 3,
      width: 640,
      height: 480,
      orientation: 6,
      takenAt: new Date("2024-07-14T10:22:03Z"),
      camera: { make: "Canon", model: "EOS R6" },
      lens: "RF24-105mm",
      gps: { lat: 48.8567, lon: -2.2945 },
    });
    const meta = await sharp(photo).metadata();
    expect([meta.format, meta.width, meta.height, meta.orientation]).toEqual(["jpeg", 640, 480, 6]);
    const exif = meta.exif!.toString("latin1");
    for (const text of ["Canon", "EOS R6", "RF24-105mm", "2024:07:14 10:22:03"]) expect(exif).toContain(text);
  });

  it("makes distinct photos in a set", async () => {
    const set = await makeRealPhotoSet(14, { width: 64, height: 48, format: "png" });
    expect(new Set(set.map((photo) => photo.toString("base64"))).size).toBe(14);
  }, 60_000);

  it("adds repeatable grain that makes a smooth upscale encode like a sensor's output", async () => {
    const options = { source: 2, width: 800, height: 600, quality: 95, chromaSubsampling: "4:4:4" } as const;
    const plain = await makeRealPhoto(options);
    const grainy = await makeRealPhoto({ ...options, grainSigma: 2.5 });
    expect(grainy.length).toBeGreaterThan(plain.length * 1.2);
    expect((await makeRealPhoto({ ...options, grainSigma: 2.5 })).equals(grainy)).toBe(true);
    const [plainStats, grainyStats] = await Promise.all([sharp(plain).stats(), sharp(grainy).stats()]);
    // Grain, not a colour cast: each channel's mean moves by less than one level.
    for (const [index, channel] of grainyStats.channels.entries()) expect(Math.abs(channel.mean - plainStats.channels[index]!.mean)).toBeLessThan(1);
  });
});
