import { readdirSync } from "node:fs";
import path from "node:path";
import sharp, { type Exif } from "sharp";
import { describe, expect, it } from "vitest";
import { readExif } from "@/server/images/read-exif";

// A real photograph (Debian's plasma wallpapers), shrunk, with the EXIF a camera would write.
const WALLPAPERS = "/usr/share/wallpapers";
const photo = path.join(WALLPAPERS, "Autumn/contents/images", readdirSync(path.join(WALLPAPERS, "Autumn/contents/images")).find((name) => name.endsWith(".jpg"))!);

async function exifBlockOf(exif: Exif, orientation?: number): Promise<Buffer | undefined> {
  let image = sharp(photo).resize(320).withExif(exif);
  if (orientation) image = image.withMetadata({ orientation });
  const jpeg = await image.jpeg({ quality: 85 }).toBuffer();
  return (await sharp(jpeg).metadata()).exif;
}

describe("readExif", () => {
  it("reads everything a camera wrote: time with its offset, camera, lens, exposure, GPS, orientation", async () => {
    const block = await exifBlockOf(
      {
        IFD0: { Make: "Canon", Model: "Canon EOS 5D Mark IV" },
        IFD2: {
          DateTimeOriginal: "2019:07:14 18:30:05",
          OffsetTimeOriginal: "+02:00",
          ExposureTime: "1/250",
          FNumber: "28/10",
          ISOSpeedRatings: "400",
          FocalLength: "50/1",
          LensMake: "Canon",
          LensModel: "EF50mm f/1.8 STM",
        },
        IFD3: { GPSLatitudeRef: "S", GPSLatitude: "33/1 51/1 3600/100", GPSLongitudeRef: "E", GPSLongitude: "151/1 12/1 3000/100" },
      },
      6,
    );
    expect(readExif(block)).toEqual({
      takenAt: new Date("2019-07-14T16:30:05.000Z"),
      takenAtOffset: "+02:00",
      camera: { make: "Canon", model: "Canon EOS 5D Mark IV" },
      lens: "Canon EF50mm f/1.8 STM",
      exposure: { timeSeconds: 0.004, fNumber: 2.8, iso: 400, focalLengthMm: 50 },
      gps: { lat: -33.86, lon: 151.2083333 },
      orientation: 6,
    });
  });

  it("takes a time without an offset as the camera's wall clock, and a western longitude as negative", async () => {
    const block = await exifBlockOf({
      IFD2: { DateTimeOriginal: "2021:12:31 23:59:58" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "40/1 26/1 46/1", GPSLongitudeRef: "W", GPSLongitude: "79/1 58/1 56/1" },
    });
    const exif = readExif(block);
    expect(exif.takenAt).toEqual(new Date("2021-12-31T23:59:58.000Z"));
    expect(exif.takenAtOffset).toBeNull();
    expect(exif.gps).toEqual({ lat: 40.4461111, lon: -79.9822222 });
    expect(exif.camera).toBeNull();
    expect(exif.exposure).toBeNull();
  });

  it("falls back to the digitized time, and ignores a lens maker already in the model", async () => {
    const block = await exifBlockOf({
      IFD2: { DateTimeDigitized: "2005:03:01 08:00:00", OffsetTimeDigitized: "-05:00", LensMake: "Sony", LensModel: "Sony FE 24-70mm" },
    });
    const exif = readExif(block);
    expect(exif.takenAt).toEqual(new Date("2005-03-01T13:00:00.000Z"));
    expect(exif.takenAtOffset).toBe("-05:00");
    expect(exif.lens).toBe("Sony FE 24-70mm");
  });

  it("refuses nonsense: an unset clock, a broken offset, GPS beyond the poles", async () => {
    const block = await exifBlockOf({
      IFD2: { DateTimeOriginal: "0000:00:00 00:00:00", DateTimeDigitized: "2010:06:01 12:00:00", OffsetTimeDigitized: "  :  " },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "95/1 0/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "10/1 0/1 0/1" },
    });
    const exif = readExif(block);
    expect(exif.takenAt).toEqual(new Date("2010-06-01T12:00:00.000Z"));
    expect(exif.takenAtOffset).toBeNull();
    expect(exif.gps).toBeNull();
  });

  it("caps text a file's maker controls", async () => {
    const exif = readExif(await exifBlockOf({ IFD0: { Make: "M".repeat(5000), Model: "X" } }));
    expect(exif.camera?.make).toHaveLength(120);
    expect(exif.camera?.model).toBe("X");
  });

  it("answers nulls, never throws, for no block, a photo without EXIF and a corrupt block", async () => {
    const empty = { takenAt: null, takenAtOffset: null, camera: null, lens: null, exposure: null, gps: null, orientation: null };
    expect(readExif(undefined)).toEqual(empty);
    const plain = await sharp(photo).resize(320).jpeg().toBuffer();
    expect(readExif((await sharp(plain).metadata()).exif)).toEqual(empty);
    const real = (await exifBlockOf({ IFD0: { Make: "Nikon" } }))!;
    expect(readExif(real.subarray(0, 20))).toEqual(expect.objectContaining({ takenAt: null, gps: null }));
    expect(readExif(Buffer.from("Exif\0\0garbage-not-tiff"))).toEqual(empty);
  });
});
