import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { images, uploads } from "@/server/db/schema";
import { reconcileStorage } from "@/server/reconcile/reconcile-storage";
import { runMaintenance } from "@/server/reconcile/run-maintenance";
import { asBody, md5Base64 } from "../fixtures/images";
import { makeRealPhoto } from "../fixtures/real-photos";
import { startTestApp, type TestApp } from "../helpers/test-app";
import { signUploads, storedKeys, uploadFile } from "../helpers/upload-client";
import type { PutUploadTicket } from "@/contract/uploads";

type SignedEntry = PutUploadTicket;

describe.each(["embedded", "s3"] as const)("reconcile on the %s stack", (stack) => {
  let app: TestApp;
  // Past every signed URL's lifetime (the orphan grace), as a sweep a day later would run.
  const later = () => new Date(Date.now() + 2 * 24 * 3600 * 1000);
  const deps = (now: () => Date = later) => ({ ...app.runtime, now });
  const reconcile = (isDryRun = false, now?: () => Date) => reconcileStorage(deps(now), { trigger: "cli", isDryRun });

  beforeAll(async () => {
    // A short upload lifetime; the sweeper off, so only the test's own runs touch anything.
    app = await startTestApp(stack, { PIXBUCKET_SWEEP_INTERVAL_SECONDS: "0", PIXBUCKET_UPLOAD_EXPIRY_SECONDS: "5" });
  });
  afterAll(async () => {
    await app?.close();
  });

  async function upload(name: string, source: number) {
    const bytes = await makeRealPhoto({ source, width: 480, height: 320 });
    const done = await uploadFile(app, { name, type: "image/jpeg", bytes });
    expect(done.complete.status).toBe(201);
    const [row] = await app.runtime.db.select().from(images).where(eq(images.id, done.id));
    return row!;
  }

  async function sign(name: string, bytes: Buffer): Promise<SignedEntry> {
    const response = await signUploads(app, [{ name, type: "image/jpeg", size: bytes.length, md5: md5Base64(bytes) }]);
    return ((await response.json()) as { uploads: SignedEntry[] }).uploads[0]!;
  }

  it("marks a row missing when its original is deleted behind Pixbucket's back, and the API says so", async () => {
    const row = await upload("gone.jpg", 0);
    await app.runtime.storage.delete(row.key);
    const report = await reconcile();
    expect(report!.counts).toMatchObject({ markedMissing: 1 });
    expect(report!.samples!.missing).toContain(row.key);
    const [after] = await app.runtime.db.select().from(images).where(eq(images.id, row.id));
    expect(after!.state).toBe("missing");
    const { images: listed } = (await (await app.api("/api/images")).json()) as { images: { id: string; state: string }[] };
    expect(listed.find((image) => image.id === row.id)?.state).toBe("missing");
    // Removable: deleting it works and leaves nothing.
    expect((await app.api(`/api/images/${row.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await storedKeys(app)).filter((key) => key.includes(row.id))).toEqual([]);
  });

  it("draws a deleted thumbnail again from the original", async () => {
    const row = await upload("thumbless.jpg", 1);
    await app.runtime.storage.delete(row.thumbnailKey);
    expect((await reconcile(true))?.counts?.renditionsRegenerated).toBe(1); // a dry run only counts
    expect(await app.runtime.storage.head(row.thumbnailKey)).toBeNull();
    const report = await reconcile();
    expect(report?.counts?.renditionsRegenerated).toBe(1);
    const head = await app.runtime.storage.head(row.thumbnailKey);
    expect(head?.size).toBeGreaterThan(500);
    const [after] = await app.runtime.db.select().from(images).where(eq(images.id, row.id));
    expect(after!.state).toBe("ok");
    expect((await reconcile())?.counts?.renditionsRegenerated).toBe(0);
  });

  it("removes an orphan under Pixbucket's prefix, keeps a pending upload's bytes and everything outside its prefixes", async () => {
    const kept = await upload("kept.jpg", 2);
    const orphanKey = `images/${app.user.id}/orphanAAAAAAAAAAAAAAAAA/original`;
    await app.runtime.storage.put(orphanKey, await makeRealPhoto({ source: 3, width: 64, height: 64 }), "image/jpeg");
    await app.runtime.storage.put("shared/strayBBBBBBBBBBBBBBBBBB.webp", Buffer.from("stray copy"), "image/webp");
    await app.runtime.storage.put("holiday/2019/outside.jpg", Buffer.from("not ours"), "image/jpeg");

    const bytes = await makeRealPhoto({ source: 4, width: 200, height: 150 });
    const pending = await sign("pending.jpg", bytes);
    expect((await fetch(pending.url, { method: "PUT", headers: pending.headers, body: asBody(bytes) })).status).toBe(200);

    // Too young: an unowned object could still be a write in flight.
    expect((await reconcile(false, () => new Date()))?.counts?.orphansRemoved).toBe(0);
    const dry = await reconcile(true);
    expect(dry?.counts?.orphansRemoved).toBe(2);
    expect(await storedKeys(app)).toContain(orphanKey);

    const report = await reconcile();
    expect(report?.counts?.orphansRemoved).toBe(2);
    expect(report!.samples!.orphans.sort()).toEqual([orphanKey, "shared/strayBBBBBBBBBBBBBBBBBB.webp"].sort());
    const keys = await storedKeys(app);
    expect(keys).not.toContain(orphanKey);
    expect(keys).toContain("holiday/2019/outside.jpg");
    expect(keys.filter((key) => key.includes(pending.id))).toHaveLength(1);
    expect(keys.filter((key) => key.includes(kept.id))).toHaveLength(2);
    await app.runtime.storage.delete("holiday/2019/outside.jpg");
  });

  it("bytes PUT after an abort are gone after one sweep", async () => {
    const bytes = await makeRealPhoto({ source: 5, width: 160, height: 120 });
    const entry = await sign("late.jpg", bytes);
    expect((await app.api(`/api/uploads/${entry.id}`, { method: "DELETE" })).status).toBe(204);
    // The URL is still valid: storage takes the bytes although the upload is cancelled.
    expect((await fetch(entry.url, { method: "PUT", headers: entry.headers, body: asBody(bytes) })).status).toBe(200);
    const [row] = await app.runtime.db.select().from(uploads).where(eq(uploads.id, entry.id));
    expect(row!.status).toBe("aborted");
    expect((await storedKeys(app)).filter((key) => key.includes(entry.id))).toHaveLength(1);

    // The scheduled tick: the sweeper, then the reconciler (its interval long past the earlier runs here).
    await runMaintenance(deps(() => new Date(Date.now() + 5 * 24 * 3600 * 1000)));
    expect((await storedKeys(app)).filter((key) => key.includes(entry.id))).toEqual([]);
  });

  it("runs once across instances: a second claim while one runs gets no turn", async () => {
    const [first, second] = await Promise.all([reconcile(), reconcile()]);
    expect([first, second].filter((run) => run !== null)).toHaveLength(1);
  });
});
