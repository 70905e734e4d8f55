/**
 * bench gallery: server time to produce the first gallery page (60 images with signed URLs) with
 * 10,000 images indexed, against
 *  - the floor: the bare keyset SELECT of 60 rows plus 120 presigned GETs, nothing else;
 *  - the seed tutorial's way: ListObjectsV2 over the whole bucket plus a presign per object;
 * and page 100 against page 1 (keyset pagination should make them cost the same).
 * Needs the rig: bash scripts/services.sh start && source .test-services/env.sh
 */
import { ListObjectsV2Command, GetObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { desc, eq } from "drizzle-orm";
import { createServiceContext, type CurrentUser } from "@/server/context";
import { TOKEN_SCOPES } from "@/lib/token-scopes";
import { images } from "@/server/db/schema";
import { listImages } from "@/server/images/list-images";
import { originalKey, thumbnailKey } from "@/server/storage/keys";
import { benchLine, medianMs } from "./_measure";
import { createBenchRuntime } from "./_rig-runtime";

const IMAGE_COUNT = 10_000;
const LOCAL_OWNER: CurrentUser = { id: "bench-owner", email: "bench@example.test", name: "Bench", role: "user", scopes: TOKEN_SCOPES };
const PAGE = 60;

export async function run(): Promise<void> {
  const { runtime, s3, bucket, close } = await createBenchRuntime("gallery");
  const ctx = createServiceContext(runtime, LOCAL_OWNER);

  try {
    console.log(`seeding ${IMAGE_COUNT} images (objects in the bucket, rows in the index)...`);
    const started = Date.now();
    const rows = Array.from({ length: IMAGE_COUNT }, (_, index) => {
      const id = `bench${String(index).padStart(6, "0")}`;
      return {
        id,
        ownerId: LOCAL_OWNER.id,
        key: originalKey(LOCAL_OWNER.id, id),
        name: `photo-${index}.jpg`,
        type: "image/jpeg",
        size: 100,
        width: 4000,
        height: 3000,
        checksum: "0".repeat(64),
        thumbnailKey: thumbnailKey(LOCAL_OWNER.id, id),
        createdAt: new Date(Date.UTC(2026, 0, 1) + index * 1000),
      };
    });
    for (let offset = 0; offset < rows.length; offset += 1000) await runtime.db.insert(images).values(rows.slice(offset, offset + 1000));
    const body = Buffer.alloc(100, 1);
    for (let offset = 0; offset < rows.length; offset += 64) {
      await Promise.all(rows.slice(offset, offset + 64).map((row) => runtime.storage.put(row.key, body, "image/jpeg")));
    }
    console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const firstPage = await medianMs(20, () => listImages(ctx, { limit: PAGE }));

    const floor = await medianMs(20, async () => {
      const page = await runtime.db
        .select()
        .from(images)
        .where(eq(images.ownerId, LOCAL_OWNER.id))
        .orderBy(desc(images.createdAt), desc(images.id))
        .limit(PAGE);
      await Promise.all(page.flatMap((row) => [row.key, row.thumbnailKey].map((key) => runtime.storage.presignGet({ key, expiresInSeconds: 3600 }))));
    });

    const seedWay = await medianMs(3, async () => {
      const listed: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
        listed.push(...(page.Contents ?? []).map((item) => item.Key!));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      await Promise.all(listed.map((key) => getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 300 })));
    }, 1);

    // Walk to page 100 by cursor, as a client scrolling down would.
    let cursor100: string | undefined;
    for (let page = 1; page < 100; page++) cursor100 = (await listImages(ctx, { limit: PAGE, cursor: cursor100 })).nextCursor ?? undefined;
    const page100 = await medianMs(20, () => listImages(ctx, { limit: PAGE, cursor: cursor100 }));
    const check = await listImages(ctx, { limit: PAGE, cursor: cursor100 });
    if (check.images.length !== PAGE) throw new Error(`page 100 had ${check.images.length} images`);

    console.log(`first page of ${PAGE} (index + signed URLs): ${firstPage.toFixed(2)} ms`);
    console.log(`seed's way (ListObjectsV2 of ${IMAGE_COUNT} objects + a presign each): ${seedWay.toFixed(1)} ms — ${(seedWay / firstPage).toFixed(1)}x slower`);
    console.log(`page 100: ${page100.toFixed(2)} ms vs page 1: ${firstPage.toFixed(2)} ms (ratio ${(page100 / firstPage).toFixed(2)})`);
    console.log(benchLine("gallery", firstPage, floor, "ms"));
  } finally {
    await close();
  }
}
