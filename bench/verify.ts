/**
 * bench verify: the server's CPU per photo to verify an upload (verifyStoredImage: size, type
 * sniff, SHA-256, full decode within the pixel limit, EXIF, thumbnail) against the floor of a bare
 * sharp thumbnail of the same file, in one process, on the same files, in CPU time (process
 * cpuUsage, all libvips threads included) so a busy shared machine moves it little. Runs on the
 * noise set and the real set (bench/_upload-files.ts); the figure is the real set's. Then verifies
 * the whole real set as the server does (verifyConcurrency at a time) and reports peak RSS per
 * fifty photos, to show whether memory stays flat. The object is a file stream; with the rig's
 * env (source .test-services/env.sh) the measured photos are also verified as GETs from RGW
 * through the S3 driver, which adds the SDK's share. `npm run bench -- verify quick` uses only the
 * first 65 real photos (no 12 MP set of 300 to make first).
 */
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { createReadStream, readFileSync, statSync } from "node:fs";
import path from "node:path";
import pLimit from "p-limit";
import sharp from "sharp";
import { verifyStoredImage, THUMBNAIL_LONG_SIDE } from "@/server/uploads/verify-image";
import type { OpenedObject } from "@/server/storage/driver";
import { S3StorageDriver } from "@/server/storage/s3";
import { emptyAndDeleteBucket } from "./_bucket-cleanup";
import { benchLine, rigEnv, rigS3Client } from "./_measure";
import { photoSet, realPhotoSet } from "./_upload-files";

const MEASURED_PHOTOS = 60;
const WARMUP_PHOTOS = 5;
const ROUNDS = 2;
/** The configured defaults (PIXBUCKET_MAX_PIXELS, PIXBUCKET_MULTIPART_THRESHOLD_BYTES, PIXBUCKET_VERIFY_CONCURRENCY). */
const MAX_PIXELS = 100_000_000;
const IN_MEMORY_MAX_BYTES = 32 * 2 ** 20;
const VERIFY_CONCURRENCY = 2;

/** A stored object read from a local file, in 64 KB chunks as storage sends them. */
function openFile(file: string): OpenedObject {
  const size = statSync(file).size;
  return { size, etag: undefined, body: createReadStream(file, { highWaterMark: 64 * 1024 }) } as unknown as OpenedObject;
}

const floorThumbnail = (file: string) =>
  sharp(file).rotate().resize(THUMBNAIL_LONG_SIDE, THUMBNAIL_LONG_SIDE, { fit: "inside" }).webp({ quality: 80, effort: 0 }).toBuffer();

const verifyOpened = (stored: OpenedObject) =>
  verifyStoredImage(stored, { declaredSize: stored.size, declaredMd5: null, maxPixels: MAX_PIXELS, inMemoryMaxBytes: IN_MEMORY_MAX_BYTES });
const verifyFile = (file: string) => verifyOpened(openFile(file));

/** The same photos stored in a bucket of their own on the rig's RGW, read back through the S3 driver; null without the rig. */
async function rigReader(files: string[]): Promise<{ verify: (file: string) => Promise<unknown>; close(): Promise<void> } | null> {
  if (!process.env.TEST_S3_ENDPOINT) return null;
  const env = rigEnv();
  const s3 = rigS3Client(env);
  const bucket = `bench-verify-${Date.now().toString(36)}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const file of files) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: path.basename(file), Body: readFileSync(file) }));
  const { TEST_S3_ENDPOINT: endpoint, TEST_S3_ACCESS_KEY_ID: accessKeyId, TEST_S3_SECRET_ACCESS_KEY: secretAccessKey, TEST_S3_REGION: region } = env;
  const driver = new S3StorageDriver({ driver: "s3", endpoint: endpoint!, accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey!, region: region!, bucket, forcePathStyle: true });
  return {
    verify: async (file) => verifyOpened((await driver.openRead(path.basename(file)))!),
    close: () => emptyAndDeleteBucket(s3, bucket),
  };
}

/**
 * The floor and the verification photo by photo, interleaved (so load that comes and goes hits
 * both alike), over all measured photos ROUNDS times; CPU per photo of each.
 */
async function compare(name: string, files: string[]): Promise<{ verifyMs: number; floorMs: number }> {
  const measured = files.slice(WARMUP_PHOTOS, WARMUP_PHOTOS + MEASURED_PHOTOS);
  const rig = await rigReader(measured.concat(files.slice(0, WARMUP_PHOTOS)));
  const tasks: [string, (file: string) => Promise<unknown>][] = [
    ["bare thumbnail", floorThumbnail],
    ["verify (file stream)", verifyFile],
    ...(rig ? [["verify (GET from RGW)", rig.verify] as [string, (file: string) => Promise<unknown>]] : []),
  ];
  const cpuMicros = tasks.map(() => 0);
  try {
    for (const file of files.slice(0, WARMUP_PHOTOS)) for (const [, task] of tasks) await task(file);
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const file of measured) {
        for (const [index, [, task]] of tasks.entries()) {
          const before = process.cpuUsage();
          await task(file);
          const used = process.cpuUsage(before);
          cpuMicros[index]! += used.user + used.system;
        }
      }
    }
  } finally {
    await rig?.close();
  }
  const msPerPhoto = cpuMicros.map((micros) => micros / 1000 / (measured.length * ROUNDS));
  const [floorMs] = msPerPhoto as [number];
  const sizes = measured.map((file) => statSync(file).size).sort((a, b) => a - b);
  console.log(`${name}: ${measured.length} photos × ${ROUNDS}, median ${(sizes[sizes.length >> 1]! / 1e6).toFixed(2)} MB, CPU per photo:`);
  for (const [index, [label]] of tasks.entries()) {
    console.log(`  ${label}: ${msPerPhoto[index]!.toFixed(1)} ms${index > 0 ? `, ratio ${(msPerPhoto[index]! / floorMs).toFixed(2)}` : ""}`);
  }
  // The figure: the server's real path when the rig is there, else the file stream.
  return { verifyMs: msPerPhoto[msPerPhoto.length - 1]!, floorMs };
}

/** Verifies every file, VERIFY_CONCURRENCY at a time, sampling RSS; prints the peak per block of fifty. */
async function rssAcross(files: string[]): Promise<void> {
  const limit = pLimit(VERIFY_CONCURRENCY);
  const blockPeaks: number[] = [];
  let done = 0;
  let peak = 0;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  const sampler = setInterval(sample, 25);
  await Promise.all(
    files.map((file) =>
      limit(async () => {
        await verifyFile(file);
        sample();
        done += 1;
        if (done % 50 === 0 || done === files.length) {
          blockPeaks.push(peak / 2 ** 20);
          peak = 0;
        }
      }),
    ),
  );
  clearInterval(sampler);
  console.log(`peak RSS per 50 photos across all ${files.length} (${VERIFY_CONCURRENCY} at a time): ${blockPeaks.map((mb) => mb.toFixed(0)).join(", ")} MiB`);
}

export async function run(): Promise<void> {
  const noise = await compare("noise", await photoSet());
  const realFiles = await realPhotoSet(process.argv[3] === "quick" ? WARMUP_PHOTOS + MEASURED_PHOTOS : 300);
  const real = await compare("real", realFiles);
  await rssAcross(realFiles);
  console.log(benchLine("verify", noise.verifyMs, noise.floorMs, "ms", "per noise photo"));
  console.log(benchLine("verify", real.verifyMs, real.floorMs, "ms", "per photo"));
}
