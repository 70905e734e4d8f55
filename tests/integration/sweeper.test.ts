import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServiceContext } from "@/server/context";
import { images, uploads } from "@/server/db/schema";
import { completeUpload } from "@/server/uploads/complete-upload";
import { sweepExpiredUploads } from "@/server/uploads/sweep-expired-uploads";
import { asBody, makeImage, md5Base64 } from "../fixtures/images";
import { startTestApp, type TestApp } from "../helpers/test-app";
import { signUploads, storedKeys, uploadFile } from "../helpers/upload-client";

const MiB = 1024 * 1024;
const json = (body: unknown): RequestInit => ({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

describe.each(["embedded", "s3"] as const)("the upload sweeper on the %s stack", (stack) => {
  let app: TestApp;
  const later = () => new Date(Date.now() + 3 * 24 * 3600 * 1000); // past every upload's expiry

  beforeAll(async () => {
    app = await startTestApp(stack, { PIXBUCKET_MULTIPART_THRESHOLD_BYTES: String(5 * MiB), PIXBUCKET_MULTIPART_PART_BYTES: String(5 * MiB), PIXBUCKET_SWEEP_INTERVAL_SECONDS: "0" });
  });
  afterAll(async () => {
    await app?.close();
  });

  const sweep = (now = later) => sweepExpiredUploads({ db: app.runtime.db, storage: app.runtime.storage, logger: app.runtime.logger, now });

  async function statusOf(id: string) {
    const [row] = await app.runtime.db.select().from(uploads).where(eq(uploads.id, id));
    return row!.status;
  }

  it("removes expired pending uploads and abandoned multipart uploads, never completed ones", async () => {
    const done = await uploadFile(app, { name: "keep.png", type: "image/png", bytes: await makeImage("png", 20, 20, 1) });
    expect(done.complete.status).toBe(201);

    // A single PUT whose bytes arrived but which was never completed.
    const bytes = await makeImage("png", 20, 20, 2);
    const [pending] = ((await (await signUploads(app, [{ name: "left.png", type: "image/png", size: bytes.length, md5: md5Base64(bytes) }])).json()) as { uploads: { id: string; url: string; headers: Record<string, string> }[] }).uploads;
    expect((await fetch(pending!.url, { method: "PUT", headers: pending!.headers, body: asBody(bytes) })).status).toBe(200);

    // A multipart upload with one part sent, then abandoned.
    const [multipart] = ((await (await signUploads(app, [{ name: "big.png", type: "image/png", size: 6 * MiB }])).json()) as { uploads: { id: string }[] }).uploads;
    const { parts } = (await (await app.api(`/api/uploads/${multipart!.id}/parts`, json({ partNumbers: [1] }))).json()) as { parts: { url: string }[] };
    expect((await fetch(parts[0]!.url, { method: "PUT", body: asBody(Buffer.alloc(5 * MiB, 7)) })).status).toBe(200);
    const [multipartRow] = await app.runtime.db.select().from(uploads).where(eq(uploads.id, multipart!.id));

    expect(await sweep(() => new Date())).toBe(0); // nothing has expired yet
    expect(await sweep()).toBe(2);

    expect(await statusOf(pending!.id)).toBe("aborted");
    expect(await statusOf(multipart!.id)).toBe("aborted");
    expect(await statusOf(done.id)).toBe("completed");
    await expect(app.runtime.storage.listParts({ key: multipartRow!.key, uploadId: multipartRow!.multipartUploadId! })).rejects.toThrow();
    const keys = await storedKeys(app);
    expect(keys.filter((key) => key.includes(pending!.id) || key.includes(multipart!.id))).toEqual([]);
    expect(keys.filter((key) => key.includes(done.id))).toHaveLength(2);
    expect(await app.runtime.db.select().from(images).where(eq(images.id, done.id))).toHaveLength(1);
    expect(await sweep()).toBe(0);
  });

  it("an upload completing during a sweep ends either fully indexed or fully removed, never half", async () => {
    const ctx = createServiceContext(app.runtime, app.user);
    for (let round = 0; round < 4; round += 1) {
      const bytes = await makeImage("jpeg", 300, 200, 50 + round);
      const [entry] = ((await (await signUploads(app, [{ name: `race-${round}.jpg`, type: "image/jpeg", size: bytes.length, md5: md5Base64(bytes) }])).json()) as { uploads: { id: string; url: string; headers: Record<string, string> }[] }).uploads;
      expect((await fetch(entry!.url, { method: "PUT", headers: entry!.headers, body: asBody(bytes) })).status).toBe(200);

      const [completed] = await Promise.allSettled([completeUpload(ctx, entry!.id), sweep()]);
      const status = await statusOf(entry!.id);
      const keys = (await storedKeys(app)).filter((key) => key.includes(entry!.id));
      const indexed = await app.runtime.db.select().from(images).where(eq(images.id, entry!.id));
      if (completed.status === "fulfilled") {
        expect(status).toBe("completed");
        expect(keys).toHaveLength(2);
        expect(indexed).toHaveLength(1);
      } else {
        expect(status).toBe("aborted");
        expect(keys).toEqual([]);
        expect(indexed).toHaveLength(0);
      }
    }
  });
});
