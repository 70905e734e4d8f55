import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";

export type SampleFormat = "jpeg" | "png" | "webp";

/** One image written to disk for the browser to upload, with what the server should report back. */
export interface SampleImage {
  name: string;
  path: string;
  type: `image/${SampleFormat}`;
  width: number;
  height: number;
  bytes: Buffer;
  sha256: string;
}

const extensions: Record<SampleFormat, string> = { jpeg: "jpg", png: "png", webp: "webp" };

/**
 * A gradient under per-pixel noise: it looks like an image, decodes like one, and the noise keeps
 * every seed distinct and the files a few hundred KB even for PNG. xorshift32 with Math.imul stays
 * in 32-bit integers, so the noise does not fall into a short cycle as a float LCG would.
 */
async function renderImage(format: SampleFormat, width: number, height: number, seed: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let state = Math.imul(seed, 2654435761) | 1;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const offset = (y * width + x) * 3;
      for (let channel = 0; channel < 3; channel += 1) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        const base = ((x * (channel + 1) * 255) / width + (y * (3 - channel) * 255) / height + seed * 37) % 256;
        pixels[offset + channel] = (base + ((state >>> 24) & 0x7f) - 64 + 256) % 256;
      }
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).toFormat(format).toBuffer();
}

/** Sizes per format, chosen so each file lands at roughly 150–500 KB. */
const dimensions: Record<SampleFormat, ReadonlyArray<readonly [number, number]>> = {
  jpeg: [
    [720, 540],
    [640, 480],
    [800, 450],
  ],
  png: [
    [360, 270],
    [320, 320],
    [400, 240],
  ],
  webp: [
    [560, 420],
    [480, 480],
    [640, 360],
  ],
};

/** Writes `count` distinct images (JPEG, PNG and WebP in turn) to a fresh temporary directory. */
export async function writeSampleImages({ count, prefix }: { count: number; prefix: string }): Promise<{ dir: string; images: SampleImage[]; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), "pixbucket-e2e-"));
  const formats: SampleFormat[] = ["jpeg", "png", "webp"];
  // The prefix picks the noise too: the server skips bytes the library already holds, so two
  // sets must never share a file.
  const prefixSeed = createHash("sha256").update(prefix).digest().readUInt32BE(0) >>> 8;
  const images = await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const format = formats[index % formats.length]!;
      const sizes = dimensions[format];
      const [width, height] = sizes[Math.floor(index / formats.length) % sizes.length]!;
      const bytes = await renderImage(format, width, height, prefixSeed + index + 1);
      const name = `${prefix}-${String(index + 1).padStart(2, "0")}.${extensions[format]}`;
      const file = path.join(dir, name);
      await writeFile(file, bytes);
      return { name, path: file, type: `image/${format}` as const, width, height, bytes, sha256: sha256Hex(bytes) };
    }),
  );
  return { dir, images, remove: () => rm(dir, { recursive: true, force: true }) };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
