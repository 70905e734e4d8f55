import { createHash, randomBytes } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { mkdir, rename, stat } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";

/** An image on disk for the browser to upload, with what the server should report back. */
export interface ImageFile {
  name: string;
  path: string;
  type: "image/jpeg" | "image/png";
  size: number;
  width: number;
  height: number;
}

/**
 * Where generated images live for this run: inside the run dir playwright.config.ts creates (and
 * removes at the end), so every project of one run shares them and nothing outlives the run.
 */
export function runCacheDir(name: string): string {
  const runDir = process.env.PIXBUCKET_E2E_RUN_DIR;
  if (!runDir) throw new Error("PIXBUCKET_E2E_RUN_DIR is not set: run the e2e tests through playwright.config.ts");
  return path.join(runDir, name);
}

/**
 * Photo-sized JPEGs of random noise (which does not compress, so sizes are realistic): 1–3 MB each
 * at quality 95 without chroma subsampling (about 2 bytes per pixel). Made once per run.
 */
export async function noisePhotos({ count, prefix, dir }: { count: number; prefix: string; dir: string }): Promise<ImageFile[]> {
  await mkdir(dir, { recursive: true });
  const specs = Array.from({ length: count }, (_, index) => {
    // From about 0.5 to 1.45 megapixels in steps, 4:3.
    const width = 820 + ((index * 37) % 570);
    const height = Math.round((width * 3) / 4);
    const name = `${prefix}-${String(index + 1).padStart(3, "0")}.jpg`;
    return { name, path: path.join(dir, name), width, height };
  });
  const concurrency = 4;
  for (let start = 0; start < specs.length; start += concurrency) {
    await Promise.all(
      specs.slice(start, start + concurrency).map(async ({ path: file, width, height }) => {
        if (existsSync(file)) return;
        const partial = `${file}.partial`;
        await sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
          .jpeg({ quality: 95, chromaSubsampling: "4:4:4" })
          .toFile(partial);
        await rename(partial, file);
      }),
    );
  }
  return Promise.all(specs.map(async (spec) => ({ ...spec, type: "image/jpeg" as const, size: (await stat(spec.path)).size })));
}

/** A big PNG of noise, stored nearly uncompressed (compression level 0): width × height × 3 bytes. Made once per run. */
export async function noisePng({ name, width, height, dir }: { name: string; width: number; height: number; dir: string }): Promise<ImageFile> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  if (!existsSync(file)) {
    const partial = `${file}.partial`;
    await sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 }, limitInputPixels: false })
      .png({ compressionLevel: 0 })
      .toFile(partial);
    await rename(partial, file);
  }
  return { name, path: file, type: "image/png", size: (await stat(file)).size, width, height };
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
