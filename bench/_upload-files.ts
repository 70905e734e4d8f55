/** Generated upload sets for the upload benches, cached between runs (they take a while to make). */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { noisePixels } from "../tests/fixtures/noise-pixels";
import { makeRealPhoto } from "../tests/fixtures/real-photos";

/** 300 JPEG photos of about 2 MB (noise doesn't compress, so sizes are realistic). */
export async function photoSet(count = 300): Promise<string[]> {
  const dir = path.join(tmpdir(), "pixbucket-bench-photos");
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const file = path.join(dir, `photo-${String(index).padStart(3, "0")}.jpg`);
    if (!existsSync(file)) {
      const width = 1700 + (index % 5) * 50;
      await sharp(noisePixels(width, 1330, index + 1), { raw: { width, height: 1330, channels: 3 } }).jpeg({ quality: 90 }).toFile(file);
    }
    files.push(file);
  }
  return files;
}

/** One ~190 MB PNG panorama of noise (8000×8000, barely compressed). */
export async function largeImage(): Promise<string> {
  const file = path.join(tmpdir(), "pixbucket-bench-large", "panorama-8000.png");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    const png = await sharp(noisePixels(8000, 8000, 99), { raw: { width: 8000, height: 8000, channels: 3 }, limitInputPixels: false }).png({ compressionLevel: 0 }).toBuffer();
    writeFileSync(file, png);
  }
  return file;
}

export function totalBytes(files: string[]): number {
  return files.reduce((sum, file) => sum + statSync(file).size, 0);
}

export function listDir(dir: string): string[] {
  return readdirSync(dir).map((name) => path.join(dir, name));
}

/**
 * 300 phone-like photos from real photographs (tests/fixtures/real-photos.ts): 12 MP (4000×3000),
 * a quarter of them tagged as turned (EXIF orientation 6, 8 or 3), as a phone stores a portrait
 * shot. Upscaled wallpapers are far smoother than a sensor's output (plain quality 93–96 gave
 * 0.5–3.7 MB), so each gets 2.5 levels of sensor-like grain after the upscale and is encoded as a
 * camera's finest setting does (quality 95, 4:4:4 chroma): 3.0–5.6 MB, median 3.8 MB (35 of the
 * 300 above 5 MB: the most detailed wallpapers), like a real 12 MP shot.
 */
export async function realPhotoSet(count = 300): Promise<string[]> {
  const dir = path.join(tmpdir(), "pixbucket-bench-real-photos-grain");
  mkdirSync(dir, { recursive: true });
  const orientations = [1, 6, 1, 1, 8, 1, 1, 3] as const;
  const files: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const file = path.join(dir, `real-${String(index).padStart(3, "0")}.jpg`);
    if (!existsSync(file)) {
      const orientation = orientations[index % orientations.length];
      const photo = await makeRealPhoto({ source: index, width: 4000, height: 3000, quality: 95, chromaSubsampling: "4:4:4", grainSigma: 2.5, orientation });
      writeFileSync(file, photo);
    }
    files.push(file);
  }
  return files;
}
