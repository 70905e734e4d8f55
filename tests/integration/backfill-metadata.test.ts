import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { images } from "@/server/db/schema";
import { backfillMetadata, countStaleRows, EXIF_READ_BYTES } from "@/server/images/backfill-metadata";
import { CURRENT_METADATA_VERSION } from "@/server/images/metadata-version";
import { runMaintenance } from "@/server/reconcile/run-maintenance";
import type { StorageDriver } from "@/server/storage/driver";
import { makeRealPhoto } from "../fixtures/real-photos";
import { runCli, serverEnv } from "../helpers/run-cli";
import { storageDrivers, type DriverUnderTest } from "../helpers/storage-drivers";
import { startTestApp, type TestApp } from "../helpers/test-app";

interface Fixture {
  name: string;
  type: string;
  /** Null: no object at the key. */
  bytes: Buffer | null;
  /** What the backfill must write. */
  takenAt: Date | null;
}

const silent = { info: () => undefined, warn: () => undefined };

/** The driver, counting what is read through it: the backfill should read a JPEG's start and nothing more. */
function countingReads(driver: StorageDriver) {
  const reads: { key: string; start: number; end: number }[] = [];
  const counted: StorageDriver = Object.create(driver) as StorageDriver;
  counted.readRange = (key, start, end) => {
    reads.push({ key, start, end });
    return driver.readRange(key, start, end);
  };
  counted.openRead = () => Promise.reject(new Error("the backfill must not read whole objects through openRead"));
  return { driver: counted, reads };
}

async function fixtures(): Promise<Fixture[]> {
  const dated = (iso: string) => new Date(iso);
  const list: Fixture[] = [
    // A camera-sized JPEG: its EXIF is at the start, well inside the first ranged read.
    {
      name: "harbour.jpg",
      type: "image/jpeg",
      bytes: await makeRealPhoto({ source: 0, takenAt: dated("2019-07-14T09:30:00Z"), camera: { make: "NIKON", model: "Z 6" }, gps: { lat: 45.5, lon: 12.25 } }),
      takenAt: dated("2019-07-14T09:30:00Z"),
    },
    { name: "no-exif.jpg", type: "image/jpeg", bytes: await makeRealPhoto({ source: 1, width: 800, height: 600 }), takenAt: null },
    // WebP keeps EXIF after the pixels: the start alone does not have it.
    { name: "lake.webp", type: "image/webp", bytes: await makeRealPhoto({ source: 2, format: "webp", quality: 95, takenAt: dated("2021-03-02T18:45:10Z") }), takenAt: dated("2021-03-02T18:45:10Z") },
    { name: "sunset.png", type: "image/png", bytes: await makeRealPhoto({ source: 3, width: 300, height: 200, format: "png", takenAt: dated("2015-01-01T00:00:01Z") }), takenAt: dated("2015-01-01T00:00:01Z") },
    { name: "gone.jpg", type: "image/jpeg", bytes: null, takenAt: null },
    { name: "broken.jpg", type: "image/jpeg", bytes: Buffer.from("not a jpeg at all, just text"), takenAt: null },
  ];
  for (let index = 0; index < 8; index += 1) {
    const takenAt = new Date(Date.UTC(2010 + index, index, 1 + index, 12));
    list.push({ name: `trip-${index}.jpg`, type: "image/jpeg", bytes: await makeRealPhoto({ source: 4 + index, width: 480, height: 320, takenAt }), takenAt });
  }
  return list;
}

describe.each(storageDrivers)("metadata backfill on the %s driver", (driverName, makeDriver) => {
  let app: TestApp;
  let storage: DriverUnderTest;
  let photos: Fixture[];
  const ids = (name: string) => `bf-${driverName}-${name.replace(/\W/g, "-")}`;

  beforeAll(async () => {
    // The matching stack for the database too: PGlite beside the local driver, Postgres beside S3.
    app = await startTestApp(driverName === "s3" ? "s3" : "embedded", { PIXBUCKET_SWEEP_INTERVAL_SECONDS: "0" });
    storage = await makeDriver();
    photos = await fixtures();
    for (const photo of photos) {
      const key = `images/${app.user.id}/${ids(photo.name)}/original`;
      if (photo.bytes) await storage.driver.put(key, photo.bytes, photo.type);
      // As an old row looks: verified before dates were read, so no date and version 0.
      await app.runtime.db.insert(images).values({
        id: ids(photo.name),
        ownerId: app.user.id,
        key,
        name: photo.name,
        type: photo.type,
        size: photo.bytes?.length ?? 1000,
        width: 10,
        height: 10,
        checksum: ids(photo.name),
        thumbnailKey: `images/${app.user.id}/${ids(photo.name)}/thumbnail.webp`,
        createdAt: new Date("2024-01-01T00:00:00Z"),
        takenAt: null,
        metadataVersion: 0,
      });
    }
  }, 120_000);
  afterAll(async () => {
    await storage?.cleanup();
    await app?.close();
  });

  const rows = () => app.runtime.db.select().from(images).where(inArray(images.id, photos.map((photo) => ids(photo.name))));

  it("stops after the limit and resumes there; every row ends with its date taken and the current version", async () => {
    expect(photos[0]!.bytes!.length).toBeGreaterThan(EXIF_READ_BYTES);
    expect(photos[2]!.bytes!.length).toBeGreaterThan(EXIF_READ_BYTES);
    const counting = countingReads(storage.driver);
    const deps = { db: app.runtime.db, storage: counting.driver, logger: silent };

    const interrupted = await backfillMetadata(deps, { maxRows: 5, batchSize: 2 });
    expect(interrupted).toMatchObject({ updated: 5, failed: 0 });
    expect(await countStaleRows(app.runtime.db)).toBe(photos.length - 5);

    const rest = await backfillMetadata(deps, { batchSize: 4 });
    expect(rest).toMatchObject({ updated: photos.length - 5, failed: 0 });
    expect(interrupted!.unreadable + rest!.unreadable).toBe(2);
    expect(interrupted!.dated + rest!.dated).toBe(photos.filter((photo) => photo.takenAt).length);
    expect(await countStaleRows(app.runtime.db)).toBe(0);

    const byId = new Map((await rows()).map((row) => [row.id, row]));
    for (const photo of photos) {
      const row = byId.get(ids(photo.name))!;
      expect({ name: photo.name, takenAt: row.takenAt?.toISOString() ?? null }).toEqual({ name: photo.name, takenAt: photo.takenAt?.toISOString() ?? null });
      expect(row.metadataVersion).toBe(CURRENT_METADATA_VERSION);
    }
    // The details panel's EXIF comes back with the date.
    expect(byId.get(ids("harbour.jpg"))!.exif).toMatchObject({ camera: { make: "NIKON", model: "Z 6" }, gps: { lat: 45.5, lon: 12.25 } });
    expect(byId.get(ids("no-exif.jpg"))!.exif).toBeNull();
    // The large JPEG cost one ranged GET of its first 128 KiB.
    const harbour = counting.reads.filter((read) => read.key.includes(ids("harbour.jpg")));
    expect(harbour).toEqual([{ key: expect.any(String), start: 0, end: EXIF_READ_BYTES - 1 }]);
  });

  it("a second run touches nothing", async () => {
    const before = await rows();
    const again = await backfillMetadata({ db: app.runtime.db, storage: countingReads(storage.driver).driver, logger: silent });
    expect(again).toEqual({ updated: 0, dated: 0, unreadable: 0, failed: 0 });
    expect(await rows()).toEqual(before);
  });

  it("storage errors leave the row for a later run", async () => {
    const id = ids("harbour.jpg");
    await app.runtime.db.update(images).set({ metadataVersion: 0, takenAt: null }).where(eq(images.id, id));
    const failing: StorageDriver = Object.create(storage.driver) as StorageDriver;
    failing.readRange = () => Promise.reject(new Error("connection reset"));
    expect(await backfillMetadata({ db: app.runtime.db, storage: failing, logger: silent })).toMatchObject({ updated: 0, failed: 1 });
    expect(await countStaleRows(app.runtime.db)).toBe(1);
    expect(await backfillMetadata({ db: app.runtime.db, storage: storage.driver, logger: silent })).toMatchObject({ updated: 1, dated: 1, failed: 0 });
  });

  it("the sweeper's tick does a bounded batch of it with the app's own storage", async () => {
    const key = `images/${app.user.id}/bf-tick/original`;
    await app.runtime.storage.put(key, photos[0]!.bytes!, "image/jpeg");
    await app.runtime.db.insert(images).values({
      id: "bf-tick", ownerId: app.user.id, key, name: "tick.jpg", type: "image/jpeg", size: photos[0]!.bytes!.length, width: 10, height: 10,
      checksum: "bf-tick", thumbnailKey: `images/${app.user.id}/bf-tick/thumbnail.webp`, createdAt: new Date(), takenAt: null, metadataVersion: 0,
    });
    await runMaintenance({ ...app.runtime, now: () => new Date() });
    const [row] = await app.runtime.db.select().from(images).where(eq(images.id, "bf-tick"));
    expect(row).toMatchObject({ takenAt: photos[0]!.takenAt, metadataVersion: CURRENT_METADATA_VERSION });
  });
});

describe("pixbucket backfill", () => {
  let app: TestApp;
  let photos: Fixture[];

  beforeAll(async () => {
    app = await startTestApp("s3", { PIXBUCKET_SWEEP_INTERVAL_SECONDS: "0" });
    photos = await fixtures();
    for (const [index, photo] of photos.entries()) {
      // Ids in the fixtures' order, so the walk (by id) meets them in that order.
      const id = `cli-${String(index).padStart(2, "0")}`;
      const key = `images/${app.user.id}/${id}/original`;
      if (photo.bytes) await app.runtime.storage.put(key, photo.bytes, photo.type);
      await app.runtime.db.insert(images).values({
        id, ownerId: app.user.id, key, name: photo.name, type: photo.type, size: photo.bytes?.length ?? 1000, width: 10, height: 10,
        checksum: id, thumbnailKey: `images/${app.user.id}/${id}/thumbnail.webp`, createdAt: new Date("2024-01-01T00:00:00Z"), takenAt: null, metadataVersion: 0,
      });
    }
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it("reports progress and totals, stops at --limit and resumes there; a bad --limit is a usage error", async () => {
    const env = serverEnv(app.runtime.config);
    // The first six: two dated (harbour, lake), one without EXIF, the dated PNG, the missing and the broken one.
    const first = await runCli(["backfill", "--limit", "6"], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^6\/6 rows {2}3 dated {2}2 unreadable {2}0 failed/m);
    expect(first.stdout).toMatch(/^updated +6 \(3 with a date taken\)$/m);
    expect(first.stdout).toMatch(new RegExp(`^left +${photos.length - 6}$`, "m"));

    const rest = await runCli(["backfill"], { env });
    expect(rest.code, rest.stderr).toBe(0);
    expect(rest.stdout).toMatch(new RegExp(`^updated +${photos.length - 6} \\(${photos.length - 6} with a date taken\\)$`, "m"));
    expect(rest.stdout).toMatch(/^unreadable +0 /m);
    expect(rest.stdout).toMatch(/^left +0$/m);
    const rows = await app.runtime.db.select().from(images).orderBy(images.id);
    expect(rows.map((row) => row.takenAt?.toISOString() ?? null)).toEqual(photos.map((photo) => photo.takenAt?.toISOString() ?? null));

    const usage = await runCli(["backfill", "--limit", "zero"], { env });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--limit must be a whole number/);
  }, 120_000);
});
