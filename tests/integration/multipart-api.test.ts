import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { images, uploads } from "@/server/db/schema";
import { asBody, makeImage, md5Base64, sha256Hex } from "../fixtures/images";
import { startTestApp, type TestApp } from "../helpers/test-app";
import { signUploads, storedKeys } from "../helpers/upload-client";
import type { MultipartUploadTicket } from "@/contract/uploads";

const MiB = 1024 * 1024;
const json = (body: unknown): RequestInit => ({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type MultipartEntry = MultipartUploadTicket;

describe.each(["embedded", "s3"] as const)("multipart uploads on the %s stack", (stack) => {
  let app: TestApp;
  let big: Buffer;

  beforeAll(async () => {
    // Small thresholds so a ~6.7 MB noise PNG goes multipart in two parts (5 MiB + the rest).
    app = await startTestApp(stack, {
      PIXBUCKET_MULTIPART_THRESHOLD_BYTES: String(5 * MiB),
      PIXBUCKET_MULTIPART_PART_BYTES: String(5 * MiB),
      PIXBUCKET_UPLOAD_EXPIRY_SECONDS: "2",
      PIXBUCKET_SWEEP_INTERVAL_SECONDS: "0",
    });
    big = await makeImage("png", 1500, 1500, 11);
    expect(big.length).toBeGreaterThan(5 * MiB);
  });
  afterAll(async () => {
    await app?.close();
  });

  async function startMultipart(): Promise<MultipartEntry> {
    const response = await signUploads(app, [{ name: "panorama.png", type: "image/png", size: big.length }]);
    expect(response.status).toBe(200);
    const [entry] = ((await response.json()) as { uploads: MultipartEntry[] }).uploads;
    return entry!;
  }

  async function signPart(id: string, partNumber: number): Promise<string> {
    const response = await app.api(`/api/uploads/${id}/parts`, json({ partNumbers: [partNumber] }));
    expect(response.status).toBe(200);
    const { parts } = (await response.json()) as { parts: { partNumber: number; url: string }[] };
    return parts[0]!.url;
  }

  const partBytes = (partNumber: number) => big.subarray((partNumber - 1) * 5 * MiB, Math.min(big.length, partNumber * 5 * MiB));

  async function sendPart(id: string, partNumber: number): Promise<string> {
    const response = await fetch(await signPart(id, partNumber), { method: "PUT", body: asBody(partBytes(partNumber)) });
    expect(response.status).toBe(200);
    return response.headers.get("etag")!;
  }

  it("plans parts above the threshold, resumes from storage's list, re-signs an expired part URL, and verifies the assembled image", async () => {
    const entry = await startMultipart();
    expect(entry.multipart).toEqual({ partSize: 5 * MiB, partCount: 2 });
    expect(entry).not.toHaveProperty("url");

    // A part URL is bound to its exact length.
    const url1 = await signPart(entry.id, 1);
    const wrongLength = await fetch(url1, { method: "PUT", body: asBody(partBytes(1).subarray(0, 1000)) });
    expect(wrongLength.status).toBe(403);

    const etag1 = await sendPart(entry.id, 1);
    const listed = await app.api(`/api/uploads/${entry.id}/parts`);
    expect(listed.status).toBe(200);
    const { parts: have } = (await listed.json()) as { parts: { partNumber: number; etag: string; size: number }[] };
    expect(have).toEqual([{ partNumber: 1, etag: etag1, size: 5 * MiB }]);

    // Completing before every part is there: 409, and the upload stays open.
    const early = await app.api(`/api/uploads/${entry.id}/complete`, json({ parts: [{ partNumber: 1, etag: etag1 }] }));
    expect(early.status).toBe(409);

    // The part URL expires (2 s in this config); the client asks again and the new one works.
    const stale = await signPart(entry.id, 2);
    await sleep(3100);
    expect((await fetch(stale, { method: "PUT", body: asBody(partBytes(2)) })).status).toBe(403);
    const etag2 = await sendPart(entry.id, 2);

    const wrongEtag = await app.api(`/api/uploads/${entry.id}/complete`, json({ parts: [{ partNumber: 1, etag: '"0000"' }, { partNumber: 2, etag: etag2 }] }));
    expect(wrongEtag.status).toBe(409);

    const complete = await app.api(`/api/uploads/${entry.id}/complete`, json({ parts: [{ partNumber: 1, etag: etag1 }, { partNumber: 2, etag: etag2 }] }));
    expect(complete.status, await complete.clone().text()).toBe(201);
    const { image } = (await complete.json()) as { image: { id: string; type: string; width: number; size: number } };
    expect(image).toMatchObject({ id: entry.id, type: "image/png", width: 1500, size: big.length });
    const [row] = await app.runtime.db.select().from(images).where(eq(images.id, entry.id));
    expect(row!.checksum).toBe(sha256Hex(big));
    const download = await app.api(`/api/images/${entry.id}/download`);
    expect(sha256Hex(Buffer.from(await download.arrayBuffer()))).toBe(sha256Hex(big));

    expect((await app.api(`/api/uploads/${entry.id}/complete`, json({}))).status).toBe(409);
  });

  it("answers 400 for a part outside the plan or on a single-PUT upload, 404 for an unknown id", async () => {
    const entry = await startMultipart();
    expect((await app.api(`/api/uploads/${entry.id}/parts`, json({ partNumbers: [3] }))).status).toBe(400);
    expect((await app.api(`/api/uploads/${entry.id}/parts`, json({ partNumbers: [] }))).status).toBe(400);
    expect((await app.api(`/api/uploads/${entry.id}/parts`, json({ partNumbers: [0] }))).status).toBe(400);
    const single = await signUploads(app, [{ name: "small.png", type: "image/png", size: 100, md5: md5Base64(Buffer.alloc(100)) }]);
    const [singleEntry] = ((await single.json()) as { uploads: { id: string }[] }).uploads;
    expect((await app.api(`/api/uploads/${singleEntry!.id}/parts`, json({ partNumbers: [1] }))).status).toBe(400);
    expect((await app.api(`/api/uploads/nope/parts`, json({ partNumbers: [1] }))).status).toBe(404);
    expect((await app.api(`/api/uploads/nope/parts`)).status).toBe(404);
    expect((await app.api(`/api/uploads/nope`, { method: "DELETE" })).status).toBe(404);
  });

  it("DELETE /api/uploads/{id} aborts and removes what was sent", async () => {
    const entry = await startMultipart();
    await sendPart(entry.id, 1);
    expect((await app.api(`/api/uploads/${entry.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await app.api(`/api/uploads/${entry.id}`, { method: "DELETE" })).status).toBe(204); // idempotent
    expect((await app.api(`/api/uploads/${entry.id}/parts`)).status).toBe(409);
    const [row] = await app.runtime.db.select().from(uploads).where(eq(uploads.id, entry.id));
    expect(row!.status).toBe("aborted");
    await expect(app.runtime.storage.listParts({ key: row!.key, uploadId: row!.multipartUploadId! })).rejects.toThrow();
    expect((await storedKeys(app)).filter((key) => key.includes(entry.id))).toEqual([]);
  });
});
