import { spawnSync } from "node:child_process";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { images, uploads } from "@/server/db/schema";
import { asBody, md5Base64 } from "../fixtures/images";
import { makeRealPhotoSet } from "../fixtures/real-photos";
import { expectError } from "../helpers/expect-error";
import { startTestApp, type TestApp } from "../helpers/test-app";
import { signUploads, storedKeys } from "../helpers/upload-client";

// "Storage is full" for real: an RGW object quota on the test's own bucket, so RGW itself answers
// QuotaExceeded. (The local driver's ENOSPC maps through the same code list.)

function bucketQuota(bucket: string, limit: number | "off"): void {
  const result = spawnSync("bash", ["scripts/services.sh", "s3-bucket-quota", bucket, String(limit)], { encoding: "utf8", timeout: 60_000 });
  if (result.status !== 0) throw new Error(`s3-bucket-quota failed:\n${result.stdout}\n${result.stderr}`);
}

describe("storage full (an RGW bucket quota)", () => {
  let app: TestApp;
  let bucket: string;

  beforeAll(async () => {
    app = await startTestApp("s3", { PIXBUCKET_SWEEP_INTERVAL_SECONDS: "0" });
    const { storage } = app.runtime.config;
    if (storage.driver !== "s3") throw new Error("expected the s3 driver");
    bucket = storage.bucket;
  });
  afterAll(async () => {
    if (bucket) bucketQuota(bucket, "off");
    await app?.close();
  });

  async function signAndPut(bytes: Buffer, name: string) {
    const signed = await signUploads(app, [{ name, type: "image/jpeg", size: bytes.length, md5: md5Base64(bytes) }]);
    const [entry] = ((await signed.json()) as { uploads: { id: string; url: string; method: string; headers: Record<string, string> }[] }).uploads;
    const put = await fetch(entry!.url, { method: entry!.method, headers: entry!.headers, body: asBody(bytes) });
    return { id: entry!.id, put, putBody: await put.text() };
  }

  it("the original refused: storage says QuotaExceeded, complete says nothing arrived, nothing is indexed", async () => {
    const [photo] = await makeRealPhotoSet(1, { width: 640, height: 427 });
    bucketQuota(bucket, (await storedKeys(app)).length);
    const { id, put, putBody } = await signAndPut(photo!, "refused.jpg");
    expect(put.status).toBe(403);
    expect(putBody).toContain("QuotaExceeded");
    const complete = await expectError(await app.api(`/api/uploads/${id}/complete`, { method: "POST" }), 409, "conflict");
    expect(complete.error.message).toMatch(/no bytes have arrived/i);
    expect(await app.runtime.db.select().from(images)).toEqual([]);
  });

  it("room for the original but not its thumbnail: 503 naming the refusal, nothing indexed, and complete works once there is room", async () => {
    const [photo] = await makeRealPhotoSet(1, { width: 640, height: 427 });
    bucketQuota(bucket, (await storedKeys(app)).length + 1);
    const { id, put } = await signAndPut(photo!, "kept.jpg");
    expect(put.status).toBe(200);
    const refused = await expectError(await app.api(`/api/uploads/${id}/complete`, { method: "POST" }), 503, "unavailable");
    expect(refused.error.message).toMatch(/QuotaExceeded.*Nothing was indexed/);
    expect(await app.runtime.db.select().from(images)).toEqual([]);
    const [upload] = await app.runtime.db.select().from(uploads).where(eq(uploads.id, id));
    expect(upload!.status).toBe("pending");
    expect((await storedKeys(app)).filter((key) => key.endsWith("thumb.webp"))).toEqual([]);

    bucketQuota(bucket, "off");
    const completed = await app.api(`/api/uploads/${id}/complete`, { method: "POST" });
    expect(completed.status).toBe(201);
    expect(await app.runtime.db.select().from(images)).toHaveLength(1);
  });
});
