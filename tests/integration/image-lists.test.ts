import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServiceContext } from "@/server/context";
import { images } from "@/server/db/schema";
import { staleRowsQuery } from "@/server/images/backfill-metadata";
import { CURRENT_METADATA_VERSION } from "@/server/images/metadata-version";
import { imagePageQuery, listImages } from "@/server/images/list-images";
import { type ListImagesInput } from "@/contract/images";
import { imagesAfterQuery } from "@/server/reconcile/check-image-objects";
import { sharedKeyOwnersQuery } from "@/server/reconcile/sweep-orphans";
import { expectError } from "../helpers/expect-error";
import { explainPlan, expectIndexServed, expectQueryIndexServed } from "../helpers/explain-plan";
import { startTestApp, type TestApp, type TestUser } from "../helpers/test-app";

interface Seed {
  id: string;
  name: string;
  type: string;
  size: number;
  createdAt: Date;
  takenAt: Date | null;
}

const TYPES = ["image/jpeg", "image/png", "image/webp"];
const tie = new Date("2026-03-01T10:00:00.000Z");

/** 30 images with deliberate ties: 10 share one upload time, sizes repeat, half have no date taken. */
function seedsFor(ownerTag: string): Seed[] {
  return Array.from({ length: 30 }, (_, index) => ({
    id: `${ownerTag}-${String(index).padStart(2, "0")}-${(index * 7919) % 97}`,
    name: `${index % 3 === 0 ? "Beach" : index % 3 === 1 ? "beach" : "Mountain"} ${index % 5}.jpg`,
    type: TYPES[index % 3]!,
    size: 1000 + (index % 4) * 10,
    createdAt: index < 10 ? tie : new Date(tie.getTime() + index * 60_000),
    takenAt: index % 2 === 0 ? new Date(Date.UTC(2015 + (index % 7), index % 12, 1)) : null,
  }));
}

const byIdThen = (compare: (a: Seed, b: Seed) => number, direction: 1 | -1) => (a: Seed, b: Seed) =>
  direction * (compare(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const time = (seed: Seed) => seed.createdAt.getTime();
const taken = (seed: Seed) => (seed.takenAt ?? seed.createdAt).getTime();
const lower = (seed: Seed) => seed.name.toLowerCase();

const expectedOrder: Record<string, (a: Seed, b: Seed) => number> = {
  newest: byIdThen((a, b) => time(a) - time(b), -1),
  oldest: byIdThen((a, b) => time(a) - time(b), 1),
  "taken-newest": byIdThen((a, b) => taken(a) - taken(b), -1),
  "taken-oldest": byIdThen((a, b) => taken(a) - taken(b), 1),
  // Postgres compares in the database's collation; these names differ only in ways every collation agrees on.
  name: byIdThen((a, b) => (lower(a) < lower(b) ? -1 : lower(a) > lower(b) ? 1 : 0), 1),
  largest: byIdThen((a, b) => a.size - b.size, -1),
};

/** Every id of a listing, walked page by page through its cursors. */
async function walk(user: TestUser, query: string, limit = 4): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page += 1) {
    const response = await user.api(`/api/images?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(response.status, await response.clone().text()).toBe(200);
    const body = (await response.json()) as { images: { id: string }[]; nextCursor: string | null };
    ids.push(...body.images.map((image) => image.id));
    if (!body.nextCursor) return ids;
    cursor = body.nextCursor;
  }
  throw new Error("the listing never ended");
}

describe.each(["embedded", "s3"] as const)("image lists on the %s stack (PGlite / Postgres)", (stack) => {
  let app: TestApp;
  let other: TestUser;
  let seeds: Seed[];

  beforeAll(async () => {
    app = await startTestApp(stack);
    other = await app.createUser();
    seeds = seedsFor("a");
    // Verified rows: at the current metadata version, so the sweeper's backfill never reads them again.
    const row = (seed: Seed, ownerId: string) => ({ ...seed, ownerId, key: `k/${seed.id}`, width: 10, height: 10, checksum: seed.id, thumbnailKey: `t/${seed.id}`, metadataVersion: CURRENT_METADATA_VERSION });
    await app.runtime.db.insert(images).values(seeds.map((seed) => row(seed, app.user.id)));
    // Another owner's images with the same names and times: they must never show up.
    await app.runtime.db.insert(images).values(seedsFor("b").map((seed) => row(seed, other.user.id)));
  });
  afterAll(async () => {
    await app?.close();
  });

  it.each(Object.keys(expectedOrder))("sort=%s returns every row once, in order, across pages and ties", async (sort) => {
    const expected = [...seeds].sort(expectedOrder[sort]).map((seed) => seed.id);
    expect(await walk(app, `&sort=${sort}`)).toEqual(expected);
    expect(await walk(app, `&sort=${sort}`, 7)).toEqual(expected);
  });

  it("filters by name (case-insensitive substring), by one or more types and by date taken, with any sort", async () => {
    const pick = (filter: (seed: Seed) => boolean, sort: string) => seeds.filter(filter).sort(expectedOrder[sort]).map((seed) => seed.id);
    expect(await walk(app, "&q=BEACH&sort=name")).toEqual(pick((seed) => lower(seed).includes("beach"), "name"));
    expect(await walk(app, "&q=ach%203&sort=largest")).toEqual(pick((seed) => lower(seed).includes("ach 3"), "largest"));
    expect(await walk(app, "&type=image/png&type=image/webp&sort=oldest")).toEqual(pick((seed) => seed.type !== "image/jpeg", "oldest"));
    const from = new Date("2017-01-01T00:00:00Z").getTime();
    const toExclusive = new Date("2019-01-01T00:00:00Z").getTime();
    expect(await walk(app, "&takenFrom=2017-01-01&takenTo=2018-12-31&sort=taken-oldest", 3)).toEqual(
      pick((seed) => taken(seed) >= from && taken(seed) < toExclusive, "taken-oldest"),
    );
    expect(await walk(app, "&q=mountain&type=image/webp&takenFrom=2026-01-01T00:00:00Z&sort=taken-newest", 2)).toEqual(
      pick((seed) => lower(seed).includes("mountain") && seed.type === "image/webp" && taken(seed) >= new Date("2026-01-01").getTime(), "taken-newest"),
    );
    // Wildcards in the search are text, not patterns.
    expect(await walk(app, "&q=%25")).toEqual([]);
  });

  it("refuses a cursor from another sort or search, a forged one and bad filters with 400 JSON", async () => {
    const first = (await (await app.api("/api/images?limit=3&sort=newest")).json()) as { nextCursor: string };
    await expectError(await app.api(`/api/images?limit=3&sort=oldest&cursor=${first.nextCursor}`), 400, "bad_request");
    await expectError(await app.api(`/api/images?limit=3&sort=newest&q=beach&cursor=${first.nextCursor}`), 400, "bad_request");
    await expectError(await app.api(`/api/images?limit=3&cursor=not-a-cursor`), 400, "bad_request");
    const forged = Buffer.from(JSON.stringify({ s: "newest", f: JSON.parse(Buffer.from(first.nextCursor, "base64url").toString()).f, k: "yesterday", i: "x" })).toString("base64url");
    await expectError(await app.api(`/api/images?limit=3&cursor=${forged}`), 400, "bad_request");
    await expectError(await app.api(`/api/images?sort=random`), 400, "bad_request");
    await expectError(await app.api(`/api/images?type=image/svg%2Bxml`), 400, "bad_request");
    await expectError(await app.api(`/api/images?takenFrom=last-week`), 400, "bad_request");
    await expectError(await app.api(`/api/images?takenFrom=2020-01-02&takenTo=2020-01-01`), 400, "bad_request");
  });

  describe("with 100,000 rows", () => {
    beforeAll(async () => {
      // Straight SQL: the point is the planner's choice at size, not the upload path.
      await app.runtime.db.execute(sql`
        insert into images (id, owner_id, key, name, type, size, width, height, checksum, thumbnail_key, created_at, taken_at, metadata_version, shared_key)
        select 'bulk-' || g, case when g % 10 = 0 then ${other.user.id} else ${app.user.id} end, 'bulk/' || g, 'IMG_' || g || '.jpg',
               (array['image/jpeg','image/png','image/webp'])[1 + g % 3], 1000 + g % 5000, 100, 100, md5(g::text), 'bulk-t/' || g,
               timestamptz '2020-01-01' + g * interval '1 minute', case when g % 2 = 0 then timestamptz '2010-01-01' + g * interval '1 hour' end,
               case when g % 50 = 0 then 0 else 1 end, case when g % 7 = 0 then 'shared/bulk-' || g || '.jpg' end
        from generate_series(1, 100000) as g`);
      await app.runtime.db.execute(sql`analyze images`);
    }, 300_000);

    const explain = (input: ListImagesInput) => explainPlan(app.runtime.db, imagePageQuery(createServiceContext(app.runtime, app.user), input).query);

    async function cursorDeepIn(input: ListImagesInput): Promise<string> {
      const page = await listImages(createServiceContext(app.runtime, app.user), { ...input, limit: 200 });
      return page.nextCursor!;
    }

    it.each(Object.keys(expectedOrder))("sort=%s: page 1 and a later page are index scans with no Sort", async (sort) => {
      const input = { sort } as ListImagesInput;
      for (const nodes of [await explain(input), await explain({ ...input, cursor: await cursorDeepIn(input) })]) expectIndexServed(nodes);
    });

    it("the scans across owners stay on their indexes: the metadata backfill's walk, the reconciler's pages, the orphan sweep's shared-copy lookup", async () => {
      const db = app.runtime.db;
      const [first] = await staleRowsQuery(db, null);
      expect(first).toBeDefined();
      for (const after of [null, { key: String(first!.metadataVersion), id: first!.id }]) {
        await expectQueryIndexServed(db, staleRowsQuery(db, after), "images_metadata_version_id_idx");
      }
      for (const after of ["", "bulk-5"]) await expectQueryIndexServed(db, imagesAfterQuery(db, after), "images_pkey");
      const keys = Array.from({ length: 1000 }, (_, index) => `shared/bulk-${index * 7}.jpg`);
      await expectQueryIndexServed(db, sharedKeyOwnersQuery(db, keys), "images_shared_key_idx");
    });

    it("type and date filters stay on the sort's index; a name search uses the trigram index", async () => {
      for (const input of [{ type: ["image/png"] }, { sort: "taken-newest", takenFrom: "2015-01-01" }] as ListImagesInput[]) {
        expectIndexServed(await explain(input));
      }
      const search = await explain({ q: "img_4242" });
      expect(search.map((node) => node.type)).not.toContain("Seq Scan");
      expect(search.map((node) => node.type)).toContain("Bitmap Index Scan");
    });
  });
});
