import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser, ServiceContext } from "@/server/context";
import { TOKEN_SCOPES } from "@/lib/token-scopes";
import { openDatabase, type DatabaseHandle } from "@/server/db/client";
import { images, uploads } from "@/server/db/schema";
import { listImages } from "@/server/images/list-images";
import { createUploads } from "@/server/uploads/create-uploads";
import { getUpload } from "@/server/uploads/get-upload";
import { loadConfig } from "@/server/config";
import { buildServiceContext } from "../helpers/service-context";
import { makeLocalDriver, type DriverUnderTest } from "../helpers/storage-drivers";
import { createTestDatabase } from "../helpers/test-env";

type Opened = { handle: DatabaseHandle; drop(): Promise<void> };

const LOCAL_OWNER: CurrentUser = { id: "owner-1", email: "owner@example.test", name: "Owner", role: "user", scopes: TOKEN_SCOPES };

const databases: [string, () => Promise<Opened>][] = [
  [
    "pglite",
    async () => {
      const handle = await openDatabase({ driver: "pglite", dataDir: "memory://" });
      return { handle, drop: () => handle.close() };
    },
  ],
  [
    "postgres",
    async () => {
      const database = await createTestDatabase();
      const handle = await openDatabase({ driver: "postgres", url: database.url });
      return {
        handle,
        drop: async () => {
          await handle.close();
          await database.drop();
        },
      };
    },
  ],
];

describe.each(databases)("database on %s", (_name, open) => {
  let opened: Opened;
  let storage: DriverUnderTest;
  let ctx: ServiceContext;
  let clock = new Date("2026-01-01T00:00:00.000Z");

  beforeAll(async () => {
    opened = await open();
    await opened.handle.migrate();
    storage = await makeLocalDriver();
    const config = loadConfig({ PIXBUCKET_SECRET: "x".repeat(40), PIXBUCKET_DATA_DIR: "/tmp/pixbucket-db-test" });
    ctx = buildServiceContext({ db: opened.handle.db, storage: storage.driver, config, user: LOCAL_OWNER, now: () => clock });
  });
  afterAll(async () => {
    await opened?.drop();
    await storage?.cleanup();
  });

  it("applies the migrations to a fresh database, and again as a no-op", async () => {
    await opened.handle.migrate();
    const tables = await opened.handle.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`);
    const names = (tables as unknown as { rows: { table_name: string }[] }).rows.map((row) => row.table_name);
    expect(names).toEqual(expect.arrayContaining(["images", "uploads"]));
  });

  it("creates upload rows with server-made keys and finds them only for their owner", async () => {
    const [created] = await createUploads(ctx, { files: [{ name: "../../etc/passwd.png", type: "image/png", size: 10, md5: "AAAAAAAAAAAAAAAAAAAAAA==" }] });
    expect(created).toHaveProperty("id");
    const id = (created as { id: string }).id;
    const row = await getUpload(ctx, id);
    expect(row).toMatchObject({ ownerId: LOCAL_OWNER.id, declaredName: "../../etc/passwd.png", status: "pending", declaredSize: 10 });
    expect(row.key).toBe(`images/${LOCAL_OWNER.id}/${id}/original`);
    await expect(getUpload({ ...ctx, user: { ...LOCAL_OWNER, id: "someone-else" } }, id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("pages images newest first by keyset, stable across equal timestamps", async () => {
    const base = { ownerId: LOCAL_OWNER.id, type: "image/png", size: 1, width: 1, height: 1, checksum: "x" };
    const rows = Array.from({ length: 7 }, (_, index) => ({
      ...base,
      id: `img-${index}`,
      key: `k/${index}`,
      thumbnailKey: `t/${index}`,
      name: `n${index}`,
      // Pairs share a timestamp, so the id must break ties.
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, Math.floor(index / 2))),
    }));
    await opened.handle.db.insert(images).values([...rows, { ...base, id: "other-owner", ownerId: "other", key: "k/o", thumbnailKey: "t/o", name: "o", createdAt: new Date() }]);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listImages(ctx, { limit: 3, cursor });
      seen.push(...page.images.map((image) => image.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(["img-6", "img-5", "img-4", "img-3", "img-2", "img-1", "img-0"]);
  });

  it("rejects a duplicate key (no two uploads can claim one object)", async () => {
    const row = { ownerId: "o", key: "dup", declaredName: "a", declaredType: "image/png", declaredSize: 1, expiresAt: clock, createdAt: clock };
    await opened.handle.db.insert(uploads).values({ ...row, id: "u1" });
    const refusal = await opened.handle.db.insert(uploads).values({ ...row, id: "u2" }).then(
      () => null,
      (error: unknown) => error,
    );
    // 23505 unique_violation, on uploads_key_unique: not any error (a typo in the insert would also throw).
    expect(postgresErrorOf(refusal)).toMatchObject({ code: "23505", constraint: expect.stringContaining("key") });
    clock = new Date();
  });
});

/** The driver's error behind Drizzle's wrapper (pg and PGlite both carry the SQLSTATE as `code`). */
function postgresErrorOf(error: unknown): { code?: string; constraint?: string } | null {
  for (let current = error; current && typeof current === "object"; current = (current as { cause?: unknown }).cause) {
    if (typeof (current as { code?: unknown }).code === "string") return current as { code: string; constraint?: string };
  }
  return null;
}
