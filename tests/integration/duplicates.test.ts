import { eq } from "drizzle-orm";
import type { DuplicateAnswer, MultipartUploadTicket, PutUploadTicket, RefusedUpload } from "@/contract/uploads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { images, uploads } from "@/server/db/schema";
import { asBody, md5Base64 } from "../fixtures/images";
import { makeRealPhoto } from "../fixtures/real-photos";
import { startTestApp, type TestApp, type TestUser } from "../helpers/test-app";
import { signUploads, storedKeys, uploadFile } from "../helpers/upload-client";

const MiB = 1024 * 1024;
const json = (body: unknown): RequestInit => ({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

/** Any one entry of POST /api/uploads, read field by field. */
type Signed = Partial<PutUploadTicket & MultipartUploadTicket & RefusedUpload & DuplicateAnswer>;

describe.each(["embedded", "s3"] as const)("duplicates on the %s stack", (stack) => {
  let app: TestApp;
  let photo: Buffer;
  let otherPhoto: Buffer;
  let big: Buffer;

  beforeAll(async () => {
    app = await startTestApp(stack, {
      PIXBUCKET_MULTIPART_THRESHOLD_BYTES: String(5 * MiB),
      PIXBUCKET_MULTIPART_PART_BYTES: String(5 * MiB),
      PIXBUCKET_SWEEP_INTERVAL_SECONDS: "0",
    });
    photo = await makeRealPhoto({ source: 3, width: 1200, height: 900 });
    otherPhoto = await makeRealPhoto({ source: 4, width: 1200, height: 900 });
    big = await makeRealPhoto({ source: 5, width: 2600, height: 1950, format: "png" });
    expect(big.length).toBeGreaterThan(5 * MiB);
  });
  afterAll(() => app?.close());

  async function sign(user: TestUser, files: { name: string; bytes: Buffer; allowDuplicate?: boolean }[]): Promise<Signed[]> {
    const response = await signUploads(
      user,
      files.map(({ name, bytes, allowDuplicate }) => ({ name, type: name.endsWith(".png") ? "image/png" : "image/jpeg", size: bytes.length, md5: md5Base64(bytes), ...(allowDuplicate === undefined ? {} : { allowDuplicate }) })),
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as { uploads: Signed[] }).uploads;
  }

  const usage = async (user: TestUser) => ((await (await user.api("/api/me")).json()) as { usage: { images: number; bytes: number } }).usage;
  const imageCount = async (user: TestUser) => (await app.runtime.db.select({ id: images.id }).from(images).where(eq(images.ownerId, user.user.id))).length;

  it("the same file signed again answers duplicateOf the first image, with no upload row, URL or usage", async () => {
    const user = await app.createUser();
    const first = await uploadFile(user, { name: "harbour.jpg", type: "image/jpeg", bytes: photo });
    expect(first.complete.status).toBe(201);
    const rowsBefore = await app.runtime.db.select({ id: uploads.id }).from(uploads).where(eq(uploads.ownerId, user.user.id));

    const [again, other] = await sign(user, [
      { name: "harbour (1).jpg", bytes: photo },
      { name: "other.jpg", bytes: otherPhoto },
    ]);
    expect(again).toEqual({ duplicateOf: { id: first.id, name: "harbour.jpg" } });
    expect(other).toHaveProperty("url"); // different bytes: a normal upload
    const rowsAfter = await app.runtime.db.select({ id: uploads.id }).from(uploads).where(eq(uploads.ownerId, user.user.id));
    expect(rowsAfter.length).toBe(rowsBefore.length + 1); // only the other file's
    expect(await usage(user)).toEqual({ images: 1, bytes: photo.length });

    // Another account holding nothing is not told about this one's library.
    const stranger = await app.createUser();
    const [theirs] = await sign(stranger, [{ name: "harbour.jpg", bytes: photo }]);
    expect(theirs).toHaveProperty("url");
  });

  it("allowDuplicate: true keeps a second copy; a bad value is a 400", async () => {
    const user = await app.createUser();
    expect((await uploadFile(user, { name: "a.jpg", type: "image/jpeg", bytes: photo })).complete.status).toBe(201);
    const [entry] = await sign(user, [{ name: "a copy.jpg", bytes: photo, allowDuplicate: true }]);
    expect(entry).toHaveProperty("url");
    expect((await fetch(entry!.url!, { method: "PUT", headers: entry!.headers, body: asBody(photo) })).status).toBe(200);
    const completed = await user.api(`/api/uploads/${entry!.id}/complete`, { method: "POST" });
    expect(completed.status).toBe(201);
    expect(await imageCount(user)).toBe(2);
    expect(await usage(user)).toEqual({ images: 2, bytes: 2 * photo.length });

    const bad = await signUploads(user, [{ name: "b.jpg", type: "image/jpeg", size: photo.length, md5: md5Base64(photo), allowDuplicate: "yes" } as never]);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("bad_request");
  });

  it("two copies signed together: the first completed is indexed, the second's complete answers duplicateOf and leaves no object", async () => {
    const user = await app.createUser();
    const [one, two] = await sign(user, [
      { name: "twin-1.jpg", bytes: photo },
      { name: "twin-2.jpg", bytes: photo },
    ]);
    for (const entry of [one!, two!]) expect((await fetch(entry.url!, { method: "PUT", headers: entry.headers, body: asBody(photo) })).status).toBe(200);
    const [firstDone, secondDone] = await Promise.all([one, two].map((entry) => user.api(`/api/uploads/${entry!.id}/complete`, { method: "POST" })));
    const answers = [await firstDone!.json(), await secondDone!.json()] as ({ image?: { id: string } } & Signed)[];
    const statuses = [firstDone!.status, secondDone!.status].sort();
    // Completed at once: exactly one is indexed, the other points at it (never two copies).
    expect(statuses).toEqual([200, 201]);
    const indexed = answers.find((answer) => answer.image)!.image!;
    const repeated = answers.find((answer) => answer.duplicateOf)!;
    expect(repeated.duplicateOf!.id).toBe(indexed.id);
    expect(await imageCount(user)).toBe(1);
    expect(await usage(user)).toEqual({ images: 1, bytes: photo.length });

    const repeatedId = [one!.id, two!.id].find((id) => id !== indexed.id)!;
    expect((await storedKeys(app)).filter((key) => key.includes(repeatedId))).toEqual([]);
    const [row] = await app.runtime.db.select().from(uploads).where(eq(uploads.id, repeatedId));
    expect(row!.status).toBe("rejected");
    expect((await user.api(`/api/uploads/${repeatedId}/complete`, { method: "POST" })).status).toBe(409);
  });

  it("a multipart file is matched after verification by SHA-256 and removed unless allowed", async () => {
    const user = await app.createUser();
    const sendMultipart = async (allowDuplicate?: boolean) => {
      const [entry] = await sign(user, [{ name: "panorama.png", bytes: big, ...(allowDuplicate ? { allowDuplicate } : {}) }]);
      expect(entry!.multipart).toBeDefined();
      const { partSize, partCount } = entry!.multipart!;
      const signed = await user.api(`/api/uploads/${entry!.id}/parts`, json({ partNumbers: Array.from({ length: partCount }, (_, index) => index + 1) }));
      const { parts } = (await signed.json()) as { parts: { partNumber: number; url: string }[] };
      for (const part of parts) {
        const bytes = big.subarray((part.partNumber - 1) * partSize, part.partNumber * partSize);
        expect((await fetch(part.url, { method: "PUT", body: asBody(bytes) })).status).toBe(200);
      }
      return { id: entry!.id!, complete: await user.api(`/api/uploads/${entry!.id}/complete`, json({})) };
    };

    const first = await sendMultipart();
    expect(first.complete.status).toBe(201);
    const second = await sendMultipart();
    expect(second.complete.status).toBe(200);
    expect(await second.complete.json()).toEqual({ duplicateOf: { id: first.id, name: "panorama.png" } });
    expect((await storedKeys(app)).filter((key) => key.includes(second.id))).toEqual([]);
    expect(await imageCount(user)).toBe(1);

    const kept = await sendMultipart(true);
    expect(kept.complete.status).toBe(201);
    expect(await imageCount(user)).toBe(2);
    expect(await usage(user)).toEqual({ images: 2, bytes: 2 * big.length });
  });
});
