/**
 * bench reindex: adopting 10,000 small real photographs that another client put into the bucket
 * (`pixbucket reindex`'s service), in objects/s and peak RSS, against the floor of the same work
 * with nothing of Pixbucket's around it — list the bucket, GET each object, make a bare sharp
 * thumbnail — at the same concurrency, on the same objects, in the same run.
 * Needs the rig: bash scripts/services.sh start && source .test-services/env.sh
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import pLimit from "p-limit";
import sharp from "sharp";
import { users } from "@/server/db/schema";
import { reindexBucket } from "@/server/reindex/reindex-bucket";
import { THUMBNAIL_LONG_SIDE } from "@/server/uploads/verify-image";
import { makeRealPhotoSet } from "../tests/fixtures/real-photos";
import { benchLine } from "./_measure";
import { createBenchRuntime } from "./_rig-runtime";

const OBJECT_COUNT = 10_000;
/** Distinct photographs; the 10,000 objects cycle through them (reindex has no de-duplication to notice). */
const DISTINCT_PHOTOS = 400;
const CONCURRENCY = 4;
const OWNER = { id: "bench-reindex-owner", name: "Bench", email: "bench-reindex@example.test" };

/** Samples RSS every 50 ms while `task` runs; returns its seconds and the highest RSS seen. */
async function measured<T>(task: () => Promise<T>): Promise<{ result: T; seconds: number; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  try {
    const result = await task();
    return { result, seconds: (performance.now() - started) / 1000, peakRssMb: peak / 2 ** 20 };
  } finally {
    clearInterval(sampler);
  }
}

export async function run(): Promise<void> {
  const { runtime, s3, bucket, close } = await createBenchRuntime("reindex");
  try {
    console.log(`making ${DISTINCT_PHOTOS} real photographs (640×427 JPEG)...`);
    const photos = await makeRealPhotoSet(DISTINCT_PHOTOS, { width: 640, height: 427, quality: 82 });
    const keys = Array.from({ length: OBJECT_COUNT }, (_, index) => `camera-roll/${String(Math.floor(index / 1000)).padStart(2, "0")}/IMG_${String(index).padStart(5, "0")}.jpg`);
    const put = pLimit(32);
    const putStarted = Date.now();
    await Promise.all(
      keys.map((key, index) => put(() => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: photos[index % DISTINCT_PHOTOS], ContentType: "image/jpeg" })))),
    );
    const totalBytes = keys.reduce((sum, _, index) => sum + photos[index % DISTINCT_PHOTOS]!.length, 0);
    console.log(`put ${OBJECT_COUNT} objects (${(totalBytes / 2 ** 20).toFixed(0)} MiB) with the SDK in ${((Date.now() - putStarted) / 1000).toFixed(1)} s`);
    await runtime.db.insert(users).values(OWNER);

    // The floor first, so the reindex cannot warm a cache the floor then benefits from.
    const floor = await measured(async () => {
      const limit = pLimit(CONCURRENCY);
      let thumbnails = 0;
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
        await Promise.all(
          (page.Contents ?? []).map((item) =>
            limit(async () => {
              const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: item.Key }));
              const bytes = await object.Body!.transformToByteArray();
              await sharp(bytes).resize(THUMBNAIL_LONG_SIDE, THUMBNAIL_LONG_SIDE, { fit: "inside" }).webp({ quality: 80, effort: 0 }).toBuffer();
              thumbnails += 1;
            }),
          ),
        );
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return thumbnails;
    });
    if (floor.result !== OBJECT_COUNT) throw new Error(`the floor thumbnailed ${floor.result} of ${OBJECT_COUNT} objects`);

    let done = 0;
    const reindex = await measured(() =>
      reindexBucket(
        { ...runtime, now: () => new Date() },
        {
          ownerId: OWNER.id,
          concurrency: CONCURRENCY,
          onObject: (event) => {
            // The thumbnails it writes are listed too (and skipped); count only adoptions.
            if (event.kind !== "indexed") return;
            done += 1;
            if (done % 1000 === 0) console.log(`  reindexed ${done}/${OBJECT_COUNT}`);
          },
        },
      ),
    );
    if (reindex.result.indexed !== OBJECT_COUNT) throw new Error(`reindex indexed ${reindex.result.indexed} of ${OBJECT_COUNT}: ${JSON.stringify(reindex.result)}`);

    const floorRate = OBJECT_COUNT / floor.seconds;
    const reindexRate = OBJECT_COUNT / reindex.seconds;
    console.log(`floor (list + GET + bare thumbnail, ${CONCURRENCY} at once): ${floor.seconds.toFixed(1)} s, ${floorRate.toFixed(1)} objects/s, peak RSS ${floor.peakRssMb.toFixed(0)} MB`);
    console.log(`reindex (verify + thumbnail + put + index, ${CONCURRENCY} at once): ${reindex.seconds.toFixed(1)} s, ${reindexRate.toFixed(1)} objects/s, peak RSS ${reindex.peakRssMb.toFixed(0)} MB`);
    console.log(benchLine("reindex-rss", reindex.peakRssMb, floor.peakRssMb, "MB"));
    console.log(benchLine("reindex", reindexRate, floorRate, "objects/s"));
  } finally {
    await close();
  }
}
