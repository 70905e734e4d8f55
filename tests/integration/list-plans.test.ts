import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServiceContext } from "@/server/context";
import { purgeBatchQuery, RATE_LIMIT_RETENTION_SECONDS } from "@/server/rate-limit/purge-rate-limits";
import { reconcileRunsQuery, runningRunQuery } from "@/server/reconcile/reconcile-storage";
import { listShares, shareMembersQuery, sharePageQuery } from "@/server/shares/list-shares";
import { albumMemberIdsQuery } from "@/server/albums/album-members";
import { albumPageQuery, listAlbums } from "@/server/albums/list-albums";
import { sharedImagesQuery } from "@/server/shares/open-share";
import { listApiTokens, tokenPageQuery } from "@/server/tokens/api-tokens";
import { expiredUploadsQuery } from "@/server/uploads/sweep-expired-uploads";
import { invitePageQuery, listInvites } from "@/server/users/list-invites";
import { listUsers, userPageQuery } from "@/server/users/manage-users";
import { expectError } from "../helpers/expect-error";
import { describePlan, expectQueryIndexServed, explainPlan } from "../helpers/explain-plan";
import { startTestApp, type TestApp, type TestUser } from "../helpers/test-app";

const ROWS = 100_000;

/**
 * Every list the app serves or its sweeper scans, at 100,000 rows a table, EXPLAINed exactly as the
 * service builds it: page 1 and a page deep in (from a real cursor) must each be an index walk in
 * the list's own order, with no sequential scan and no Sort. On PGlite and on Postgres, since the
 * same code runs on both and their planners are not the same build.
 */
describe.each(["embedded", "s3"] as const)("list plans on the %s stack (PGlite / Postgres)", (stack) => {
  let app: TestApp;
  let other: TestUser;
  const now = new Date("2026-06-01T12:00:00Z");

  beforeAll(async () => {
    app = await startTestApp(stack);
    other = await app.createUser();
    const db = app.runtime.db;
    const me = app.user.id;
    // Straight SQL: the point is the planner's choice at size. One in ten rows is another user's.
    const owner = sql`case when g % 10 = 0 then ${other.user.id} else ${me} end`;
    const minutes = sql`timestamptz '2020-01-01' + g * interval '1 minute'`;
    await db.execute(sql`
      insert into users (id, name, email, created_at, updated_at)
      select 'bulk-u-' || g, 'Bulk ' || g, 'bulk' || g || '@example.test', ${minutes}, ${minutes} from generate_series(1, ${ROWS}) as g`);
    await db.execute(sql`
      insert into user_usage (user_id, images, bytes) select 'bulk-u-' || g, g % 7, g * 1000 from generate_series(1, ${ROWS}, 2) as g`);
    await db.execute(sql`
      insert into api_tokens (id, user_id, name, token_hash, token_prefix, created_at)
      select 'bulk-t-' || g, ${owner}, 'token ' || g, md5('t' || g), 'pbt_' || left(md5('t' || g), 7), ${minutes} from generate_series(1, ${ROWS}) as g`);
    await db.execute(sql`
      insert into invites (id, token_hash, email, role, created_by, expires_at, created_at)
      select 'bulk-i-' || g, md5('i' || g), case when g % 3 = 0 then 'invitee' || g || '@example.test' end, 'user', ${owner},
             ${minutes} + interval '7 days', ${minutes} from generate_series(1, ${ROWS}) as g`);
    await db.execute(sql`
      insert into shares (id, owner_id, token_hash, expires_at, created_at)
      select 'bulk-s-' || g, ${owner}, md5('s' || g), case when g % 2 = 0 then ${minutes} + interval '30 days' end, ${minutes}
      from generate_series(1, ${ROWS}) as g`);
    // One upload in fifty still pending, half of those past their expiry.
    await db.execute(sql`
      insert into uploads (id, owner_id, key, declared_name, declared_type, declared_size, status, expires_at, created_at)
      select 'bulk-up-' || g, ${owner}, 'images/' || ${me} || '/bulk-up-' || g || '/original', 'IMG_' || g || '.jpg', 'image/jpeg', 1000 + g,
             (case when g % 50 = 0 then 'pending' else 'completed' end)::upload_status,
             case when g % 100 = 0 then ${now}::timestamptz + g * interval '1 second' else ${now}::timestamptz - g * interval '1 second' end, ${minutes}
      from generate_series(1, ${ROWS}) as g`);
    // The purge runs every tick, so the table holds mostly live windows and a day's worth of ended ones.
    await db.execute(sql`
      insert into rate_limits (key, window_started_at, count)
      select 'bulk:' || md5(g::text), case when g % 50 = 0 then ${now}::timestamptz - interval '2 days' - g * interval '1 second'
                                          else ${now}::timestamptz - (g % 3600) * interval '1 second' end, 1 + g % 9
      from generate_series(1, ${ROWS}) as g`);
    await db.execute(sql`
      insert into reconcile_runs (id, trigger, is_dry_run, started_at, finished_at)
      select 'bulk-r-' || g, 'schedule', false, ${minutes}, ${minutes} + interval '10 seconds' from generate_series(1, ${ROWS}) as g`);
    // A library of 100,000 images; the 1,000 newest shares hold 100 of them each (a share's most).
    await db.execute(sql`
      insert into images (id, owner_id, key, name, type, size, width, height, checksum, thumbnail_key, shared_key, created_at)
      select 'bulk-img-' || g, ${me}, 'bulk/' || g, 'IMG_' || g || '.jpg', 'image/jpeg', 1000 + g, 100, 100, md5(g::text), 'bulk-t/' || g, 'bulk-shared/' || g, ${minutes}
      from generate_series(1, ${ROWS}) as g`);
    await db.execute(sql`
      insert into share_images (share_id, image_id, position)
      select 'bulk-s-' || s, 'bulk-img-' || (s % 1000) * 100 + g, (g * 37) % 100 from generate_series(${ROWS - 999}::int, ${ROWS}::int) as s, generate_series(1, 100) as g`);
    await db.execute(sql`
      insert into albums (id, owner_id, name, created_at, updated_at)
      select 'bulk-al-' || g, ${owner}, 'Album ' || g, ${minutes}, ${minutes} from generate_series(1, ${ROWS}) as g`);
    // The newest album holds 20,000 images (a link shows its first 1,000); the others one or two each.
    await db.execute(sql`
      insert into album_images (album_id, image_id, added_at)
      select 'bulk-al-' || case when g <= 20000 then ${ROWS} else g % ${ROWS - 1} + 1 end, 'bulk-img-' || g, ${minutes} from generate_series(1, ${ROWS}) as g`);
    await db.execute(sql`analyze users, user_usage, api_tokens, invites, shares, share_images, images, uploads, rate_limits, reconcile_runs, albums, album_images`);
    // As autovacuum leaves a table at rest: pages all-visible, so a share's images can be read
    // index-only in position order (a just-loaded table would instead sort its at most 100 rows).
    await db.execute(sql`vacuum analyze share_images`);
    await db.execute(sql`vacuum analyze album_images`);
  }, 600_000);
  afterAll(async () => {
    await app?.close();
  });

  const ctx = () => createServiceContext(app.runtime, app.user);

  it("shares: page 1 and a later page walk shares_owner_created_idx backwards", async () => {
    const { nextCursor } = await listShares(ctx(), { limit: 200 });
    expect(nextCursor).not.toBeNull();
    for (const input of [{}, { cursor: nextCursor! }]) await expectQueryIndexServed(app.runtime.db, sharePageQuery(ctx(), input).query, "shares_owner_created_idx");
  });

  it("shares: a page's image counts and first thumbnails, and a share link's images in order, read only their share's rows", async () => {
    const { shares } = await listShares(ctx(), {});
    expect(shares[0]).toMatchObject({ imageCount: 100 });
    await expectQueryIndexServed(app.runtime.db, shareMembersQuery(ctx(), shares.map((share) => share.id)), "share_images_share_position_idx");
    // A share link's page is not a paginated list: it is at most MAX_SHARE_IMAGES (100) rows, read
    // on the share's own index. Whether Postgres then walks the index in order or sorts those
    // 100 rows depends on how much of the table vacuum has marked all-visible (other tests'
    // open transactions hold it back), so only the part that grows with the library is checked:
    // no sequential scan, and the share's index.
    const page = await explainPlan(app.runtime.db, sharedImagesQuery(app.runtime.db, shares[0]!.id));
    const plan = describePlan(page);
    expect(page.filter((node) => node.type === "Seq Scan"), plan).toEqual([]);
    expect(page.map((node) => node.index), plan).toContain("share_images_share_position_idx");
  });

  it("albums: page 1 and a later page walk albums_owner_created_id_idx backwards; an album's link reads its members by addition", async () => {
    const { nextCursor } = await listAlbums(ctx(), { limit: 200 });
    expect(nextCursor).not.toBeNull();
    for (const input of [{}, { cursor: nextCursor! }]) await expectQueryIndexServed(app.runtime.db, albumPageQuery(ctx(), input).query, "albums_owner_created_id_idx");
    await expectQueryIndexServed(app.runtime.db, albumMemberIdsQuery(app.runtime.db, `bulk-al-${ROWS}`, 1000), "album_images_album_added_image_idx");
  });

  it("API tokens: page 1 and a later page walk api_tokens_user_created_id_idx backwards", async () => {
    const { tokens, nextCursor } = await listApiTokens(ctx(), { limit: 200 });
    expect(tokens).toHaveLength(200);
    for (const input of [{}, { cursor: nextCursor! }]) await expectQueryIndexServed(app.runtime.db, tokenPageQuery(ctx(), input).query, "api_tokens_user_created_id_idx");
  });

  it("users: page 1 and a later page walk users_created_id_idx, usage joined by key", async () => {
    const { nextCursor } = await listUsers(ctx(), { limit: 200 });
    for (const input of [{}, { cursor: nextCursor! }]) {
      const nodes = await expectQueryIndexServed(app.runtime.db, userPageQuery(ctx(), input).query, "users_created_id_idx");
      expect(nodes.map((node) => node.type)).not.toContain("Hash Join");
    }
  });

  it("invites: page 1 and a later page walk invites_created_id_idx, creators joined by key", async () => {
    const { nextCursor } = await listInvites(ctx(), { limit: 200 });
    for (const input of [{}, { cursor: nextCursor! }]) {
      const nodes = await expectQueryIndexServed(app.runtime.db, invitePageQuery(ctx(), input).query, "invites_created_id_idx");
      expect(nodes.map((node) => node.type)).not.toContain("Hash Join");
    }
  });

  it("the sweeper's scan of expired pending uploads reads uploads_status_expires_idx", async () => {
    await expectQueryIndexServed(app.runtime.db, expiredUploadsQuery(app.runtime.db, now), "uploads_status_expires_idx");
  });

  it("the rate-limit purge finds a batch on the window index and deletes it by key", async () => {
    const cutoff = new Date(now.getTime() - RATE_LIMIT_RETENTION_SECONDS * 1000);
    const nodes = await expectQueryIndexServed(app.runtime.db, purgeBatchQuery(app.runtime.db, cutoff), "rate_limits_window_started_at_idx");
    expect(nodes.map((node) => node.index)).toContain("rate_limits_pkey");
  });

  it("reconcile reports and the claim of a run walk reconcile_runs_started_id_idx", async () => {
    await expectQueryIndexServed(app.runtime.db, reconcileRunsQuery(app.runtime.db), "reconcile_runs_started_id_idx");
    // The claim of a new run: one still going (a range from six hours back), then the latest.
    await expectQueryIndexServed(app.runtime.db, runningRunQuery(app.runtime.db, new Date("2020-03-10T12:00:00Z")), "reconcile_runs_started_id_idx");
    await expectQueryIndexServed(app.runtime.db, reconcileRunsQuery(app.runtime.db, 1), "reconcile_runs_started_id_idx");
  });

  it("the new pages continue in order, and a cursor of one list is refused by another", async () => {
    const first = await listApiTokens(ctx(), { limit: 3 });
    const second = await listApiTokens(ctx(), { limit: 3, cursor: first.nextCursor! });
    const created = [...first.tokens, ...second.tokens].map((token) => token.createdAt);
    expect(new Set([...first.tokens, ...second.tokens].map((token) => token.id)).size).toBe(6);
    expect([...created].sort().reverse()).toEqual(created);
    const users = await app.signIn();
    const page = (await (await users("/api/users?limit=2")).json()) as { users: { id: string }[]; nextCursor: string };
    expect(page.users).toHaveLength(2);
    await expectError(await users(`/api/invites?cursor=${page.nextCursor}`), 400, "bad_request");
    await expectError(await users(`/api/tokens?limit=0`), 400, "bad_request");
  });
});
