import { count, eq, sum } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { images } from "@/server/db/schema";
import { makeRealPhotoSet } from "../fixtures/real-photos";
import { startTestApp, type TestApp, type TestUser } from "../helpers/test-app";
import { uploadFile } from "../helpers/upload-client";

describe.each(["embedded", "s3"] as const)("usage counts on the %s stack", (stack) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(stack);
  });
  afterAll(async () => {
    await app?.close();
  });

  async function reported(user: TestUser): Promise<{ images: number; bytes: number }> {
    const response = await user.api("/api/me");
    expect(response.status).toBe(200);
    return ((await response.json()) as { usage: { images: number; bytes: number } }).usage;
  }

  /** The truth, counted the slow way the server never does per request. */
  async function counted(user: TestUser): Promise<{ images: number; bytes: number }> {
    const [row] = await app.runtime.db.select({ images: count(), bytes: sum(images.size) }).from(images).where(eq(images.ownerId, user.user.id));
    return { images: row!.images, bytes: Number(row!.bytes ?? 0) };
  }

  it("stays exact through uploads, a rejected upload, a single delete and a bulk delete", async () => {
    const other = await app.createUser();
    expect(await reported(app)).toEqual({ images: 0, bytes: 0 });
    const photos = await makeRealPhotoSet(5, { width: 480, height: 360 });
    const ids: string[] = [];
    for (const [index, bytes] of photos.entries()) {
      const { id, complete } = await uploadFile(app, { name: `photo-${index}.jpg`, type: "image/jpeg", bytes });
      expect(complete.status).toBe(201);
      ids.push(id);
    }
    await uploadFile(other, { name: "theirs.jpg", type: "image/jpeg", bytes: photos[0]! });
    const total = photos.reduce((sum, photo) => sum + photo.length, 0);
    expect(await reported(app)).toEqual({ images: 5, bytes: total });
    expect(await reported(app)).toEqual(await counted(app));

    const rejected = await uploadFile(app, { name: "cut.jpg", type: "image/jpeg", bytes: photos[1]!.subarray(0, 4000) });
    expect(rejected.complete.status).toBe(422);
    expect(await reported(app)).toEqual({ images: 5, bytes: total });

    expect((await app.api(`/api/images/${ids[0]}`, { method: "DELETE" })).status).toBe(204);
    // Deleting it again, or someone else's, changes nothing.
    expect((await app.api(`/api/images/${ids[0]}`, { method: "DELETE" })).status).toBe(404);
    expect(await reported(app)).toEqual(await counted(app));
    expect((await reported(app)).images).toBe(4);

    const bulk = await app.api("/api/images/delete", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ids: [ids[1], ids[2], ids[1], "unknown-id"] }),
    });
    expect(((await bulk.json()) as { deleted: number }).deleted).toBe(2);
    expect(await reported(app)).toEqual({ images: 2, bytes: photos[3]!.length + photos[4]!.length });
    expect(await reported(app)).toEqual(await counted(app));
    expect(await reported(other)).toEqual({ images: 1, bytes: photos[0]!.length });
    expect(await reported(other)).toEqual(await counted(other));
  });
});
