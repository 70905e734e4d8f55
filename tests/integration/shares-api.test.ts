import { count, eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { images, shares } from "@/server/db/schema";
import { countGpsTags, makeJpegWithGps } from "../fixtures/gps-jpeg";
import { makeImage, sha256Hex } from "../fixtures/images";
import type { z } from "zod";
import type { CreatedShare, OpenedShareAnswer, ShareDto } from "@/contract/shares";
import { expectError } from "../helpers/expect-error";
import { createShare } from "../helpers/factories";
import { startTestApp, type TestApp, type TestUser } from "../helpers/test-app";
import { storedKeys, uploadFile } from "../helpers/upload-client";

type OpenedShare = z.infer<typeof OpenedShareAnswer>;

const json = (body: unknown): RequestInit => ({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

describe.each(["embedded", "s3"] as const)("shares API on the %s stack", (stack) => {
  let app: TestApp;
  let bob: TestUser;
  let pngId: string;
  let webpId: string;
  let bobImageId: string;

  async function upload(user: TestUser, name: string, type: string, bytes: Buffer): Promise<string> {
    const { id, complete } = await uploadFile({ ...app, ...user }, { name, type, bytes });
    expect(complete.status).toBe(201);
    return id;
  }

  const share = (body: Parameters<typeof createShare>[1], as: TestUser = app): Promise<CreatedShare> => createShare(as, body);

  const open = (token: string, init?: RequestInit) => app.anonymous(`/api/public/shares/${token}`, init);
  const unlock = (token: string, password: string, address = "198.51.100.1") =>
    app.anonymous(`/api/public/shares/${token}/unlock`, { ...json({ password }), headers: { "Content-Type": "application/json", "X-Forwarded-For": address } });

  async function listShares(as: TestUser = app): Promise<ShareDto[]> {
    const response = await as.api("/api/shares");
    expect(response.status).toBe(200);
    return ((await response.json()) as { shares: ShareDto[] }).shares;
  }

  beforeAll(async () => {
    // The test client stands in for one reverse proxy, so its X-Forwarded-For names the visitor.
    app = await startTestApp(stack, { PIXBUCKET_TRUSTED_PROXIES: "1" });
    bob = await app.createUser();
    pngId = await upload(app, "Strand.png", "image/png", await makeImage("png", 40, 30, 11));
    webpId = await upload(app, "Wald im Herbst.webp", "image/webp", await makeImage("webp", 50, 20, 12));
    bobImageId = await upload(bob, "bobs.png", "image/png", await makeImage("png", 10, 10, 13));
  });
  afterAll(async () => {
    await app?.close();
  });

  describe("POST /api/shares", () => {
    it("answers 401 without credentials and 400 for bad input", async () => {
      await expectError(await app.anonymous("/api/shares", json({ imageIds: [pngId], expiresIn: "1d" })), 401, "unauthorized");
      await expectError(await app.anonymous("/api/shares"), 401, "unauthorized");
      await expectError(await app.anonymous(`/api/shares/whatever`, { method: "DELETE" }), 401, "unauthorized");
      const post = (body: unknown) => app.api("/api/shares", json(body));
      await expectError(await post({ imageIds: [], expiresIn: "1d" }), 400, "bad_request");
      await expectError(await post({ imageIds: Array.from({ length: 101 }, (_, index) => `id${index}`), expiresIn: "1d" }), 400, "bad_request");
      await expectError(await post({ imageIds: [pngId], expiresIn: "2d" }), 400, "bad_request");
      await expectError(await post({ imageIds: [pngId] }), 400, "bad_request");
      await expectError(await post({ imageIds: [pngId], expiresIn: "1d", password: "abc" }), 400, "bad_request");
    });

    it("makes a long random link whose token is stored only as a hash", async () => {
      const before = Date.now();
      const created = await share({ imageIds: [pngId, webpId], expiresIn: "1d" });
      expect(created.token).toMatch(/^pbs_[A-Za-z0-9_-]{43}$/);
      expect(created.path).toBe(`/s/${created.token}`);
      expect(created.url).toBe(`${app.origin}/s/${created.token}`);
      expect(created.share).toMatchObject({ state: "active", imageCount: 2, viewCount: 0, hasPassword: false, revokedAt: null });
      const expiresAt = new Date(created.share.expiresAt!).getTime();
      expect(expiresAt).toBeGreaterThanOrEqual(before + 86_400_000 - 1000);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 86_400_000 + 1000);
      expect((await fetch(created.share.thumbnailUrl!)).status).toBe(200);

      const [row] = await app.runtime.db.select().from(shares).where(eq(shares.id, created.share.id));
      expect(JSON.stringify(row)).not.toContain(created.token);
      expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(row!.passwordHash).toBeNull();
    });

    it("answers 404 when any image is another user's or unknown, and shares nothing", async () => {
      const [before] = await app.runtime.db.select({ n: count() }).from(shares);
      await expectError(await app.api("/api/shares", json({ imageIds: [bobImageId], expiresIn: "1h" })), 404, "not_found");
      await expectError(await app.api("/api/shares", json({ imageIds: [pngId, bobImageId], expiresIn: "1h" })), 404, "not_found");
      await expectError(await app.api("/api/shares", json({ imageIds: [pngId, "no-such-image"], expiresIn: "1h" })), 404, "not_found");
      await expectError(await bob.api("/api/shares", json({ imageIds: [pngId], expiresIn: "1h" })), 404, "not_found");
      const [after] = await app.runtime.db.select({ n: count() }).from(shares);
      expect(after!.n).toBe(before!.n);
      const [bobs] = await app.runtime.db.select().from(images).where(eq(images.id, bobImageId));
      expect(bobs!.sharedKey).toBeNull();
    });
  });

  describe("GET /api/public/shares/{token}", () => {
    it("opens without any cookie or token, shows the stripped copies in order and counts views", async () => {
      const created = await share({ imageIds: [webpId, pngId], expiresIn: "7d" });
      const response = await open(created.token);
      expect(response.status).toBe(200);
      const body = (await response.json()) as OpenedShare;
      expect(body.share.expiresAt).toBe(created.share.expiresAt);
      expect(body.share.images.map((image) => [image.name, image.type, image.width, image.height])).toEqual([
        ["Wald im Herbst.webp", "image/webp", 50, 20],
        ["Strand.png", "image/png", 40, 30],
      ]);

      for (const image of body.share.images) {
        const view = await fetch(image.url);
        expect(view.status).toBe(200);
        expect(view.headers.get("content-type")).toBe(image.type);
        const bytes = Buffer.from(await view.arrayBuffer());
        expect(bytes.length).toBe(image.size);
        const meta = await sharp(bytes).metadata();
        expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: image.type.slice(6), width: image.width, height: image.height });

        const download = await fetch(image.downloadUrl);
        expect(download.status).toBe(200);
        expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="/);
        expect(download.headers.get("content-disposition")).toContain(encodeURIComponent(image.name));
      }

      expect((await open(created.token)).status).toBe(200);
      const listed = (await listShares()).find((item) => item.id === created.share.id);
      expect(listed).toMatchObject({ state: "active", viewCount: 2, imageCount: 2 });
      const thumbnail = await fetch(listed!.thumbnailUrl!);
      expect(thumbnail.status).toBe(200);
      expect((await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).width).toBe(50); // the first image's, not the second's
    });

    it("reveals no owner id, email, image id, object key or EXIF", async () => {
      const created = await share({ imageIds: [pngId, webpId], expiresIn: "1h" });
      const text = await (await open(created.token)).text();
      for (const secret of [app.user.id, app.user.email, app.user.name, pngId, webpId, created.share.id, "images/", "original", "thumb.webp"]) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(encodeURIComponent(secret));
      }
      expect(text.toLowerCase()).not.toContain("exif");
      expect(text).not.toContain("ownerId");
    });

    it("answers 404 JSON for an unknown token, an expired link and a revoked one", async () => {
      await expectError(await open("pbs_unknown-token-that-is-long-enough-000000000000"), 404, "not_found");
      await expectError(await open("x"), 404, "not_found");

      const expiring = await share({ imageIds: [pngId], expiresIn: "1h" });
      expect((await open(expiring.token)).status).toBe(200);
      await app.runtime.db.update(shares).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(shares.id, expiring.share.id));
      await expectError(await open(expiring.token), 404, "not_found");
      expect((await listShares()).find((item) => item.id === expiring.share.id)?.state).toBe("expired");

      const forever = await share({ imageIds: [pngId], expiresIn: "never" });
      expect(forever.share.expiresAt).toBeNull();
      expect((await open(forever.token)).status).toBe(200);
      expect((await app.api(`/api/shares/${forever.share.id}`, { method: "DELETE" })).status).toBe(204);
      await expectError(await open(forever.token), 404, "not_found");
      await expectError(await unlock(forever.token, "whatever"), 404, "not_found");
      expect((await listShares()).find((item) => item.id === forever.share.id)).toMatchObject({ state: "revoked", viewCount: 1 });
    });
  });

  describe("GET /api/shares", () => {
    it("lists only the caller's links, newest first, in keyset pages", async () => {
      const all = await listShares();
      expect(all.length).toBeGreaterThanOrEqual(3);
      const createdTimes = all.map((item) => new Date(item.createdAt).getTime());
      expect([...createdTimes].sort((a, b) => b - a)).toEqual(createdTimes);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const response = await app.api(`/api/shares?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
        const page = (await response.json()) as { shares: ShareDto[]; nextCursor: string | null };
        expect(page.shares.length).toBeLessThanOrEqual(2);
        seen.push(...page.shares.map((item) => item.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.map((item) => item.id));
      expect(await listShares(bob)).toEqual([]);
      await expectError(await app.api("/api/shares?cursor=garbage"), 400, "bad_request");
      await expectError(await app.api("/api/shares?limit=0"), 400, "bad_request");
    });
  });

  describe("DELETE /api/shares/{id}", () => {
    it("answers 404 for another user's share and an unknown id; the owner's revoke is idempotent", async () => {
      const created = await share({ imageIds: [pngId], expiresIn: "1d" });
      await expectError(await bob.api(`/api/shares/${created.share.id}`, { method: "DELETE" }), 404, "not_found");
      await expectError(await app.api("/api/shares/no-such-share", { method: "DELETE" }), 404, "not_found");
      expect((await open(created.token)).status).toBe(200);
      expect((await app.api(`/api/shares/${created.share.id}`, { method: "DELETE" })).status).toBe(204);
      expect((await app.api(`/api/shares/${created.share.id}`, { method: "DELETE" })).status).toBe(204);
      expect(await listShares(bob)).toEqual([]);
    });
  });

  describe("password-protected links", () => {
    it("needs the password: none or wrong → 401, right (header or unlock cookie) → 200", async () => {
      const created = await share({ imageIds: [pngId], expiresIn: "1d", password: "hunter22" });
      expect(created.share.hasPassword).toBe(true);
      const [row] = await app.runtime.db.select().from(shares).where(eq(shares.id, created.share.id));
      expect(row!.passwordHash).toMatch(/^scrypt\$/);
      expect(row!.passwordHash).not.toContain("hunter22");

      const locked = await expectError(await open(created.token), 401, "unauthorized");
      expect(locked.error.message).toMatch(/password/i);
      await expectError(await open(created.token, { headers: { "X-Share-Password": "hunter23" } }), 401, "unauthorized");
      expect((await open(created.token, { headers: { "X-Share-Password": "hunter22" } })).status).toBe(200);

      await expectError(await unlock(created.token, "nope"), 401, "unauthorized");
      const unlocked = await unlock(created.token, "hunter22");
      expect(unlocked.status).toBe(200);
      const setCookie = unlocked.headers.get("set-cookie")!;
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Lax/i);
      expect(setCookie).toContain(`Path=/s/${created.token}`);
      const cookie = setCookie.split(";")[0]!;
      expect((await open(created.token, { headers: { cookie } })).status).toBe(200);
      const tampered = cookie.slice(0, -2) + (cookie.endsWith("A") ? "BB" : "AA");
      await expectError(await open(created.token, { headers: { cookie: tampered } }), 401, "unauthorized");

      // The cookie opens only the share it was made for.
      const other = await share({ imageIds: [pngId], expiresIn: "1d", password: "hunter22" });
      await expectError(await open(other.token, { headers: { cookie } }), 401, "unauthorized");
      expect((await listShares()).find((item) => item.id === created.share.id)?.viewCount).toBe(2);
    });

    it("limits wrong guesses per share and address with 429 and Retry-After, even for the right one", async () => {
      const created = await share({ imageIds: [pngId], expiresIn: "1d", password: "correct-pass" });
      for (let attempt = 0; attempt < 5; attempt += 1) {
        await expectError(await unlock(created.token, `guess-${attempt}`, "203.0.113.7"), 401, "unauthorized");
      }
      const limited = await unlock(created.token, "correct-pass", "203.0.113.7");
      await expectError(limited, 429, "rate_limited");
      const retryAfter = Number(limited.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(300);
      const viaHeader = await open(created.token, { headers: { "X-Share-Password": "correct-pass", "X-Forwarded-For": "203.0.113.7" } });
      await expectError(viaHeader, 429, "rate_limited");
      expect(viaHeader.headers.get("retry-after")).toBeTruthy();

      // Another visitor, and another share for the same visitor, are not affected.
      expect((await unlock(created.token, "correct-pass", "203.0.113.8")).status).toBe(200);
      const other = await share({ imageIds: [pngId], expiresIn: "1d", password: "correct-pass" });
      expect((await unlock(other.token, "correct-pass", "203.0.113.7")).status).toBe(200);
    });
    it("200 parallel wrong guesses from one address: at most 5 are checked (401), the rest 429, none 5xx", async () => {
      const created = await share({ imageIds: [pngId], expiresIn: "1d", password: "correct-pass" });
      const answers = await Promise.all(Array.from({ length: 200 }, (_, index) => unlock(created.token, `wrong-${index}`, "192.0.2.77")));
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status >= 500)).toEqual([]);
      expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
      expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(195);
      expect(statuses.filter((status) => status !== 401 && status !== 429)).toEqual([]);
    });

    it("200 parallel wrong guesses from 200 addresses: the per-share limit checks at most 50", async () => {
      const created = await share({ imageIds: [pngId], expiresIn: "1d", password: "correct-pass" });
      const answers = await Promise.all(Array.from({ length: 200 }, (_, index) => unlock(created.token, `wrong-${index}`, `198.18.${index >> 8}.${index & 255}`)));
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(50);
      expect(statuses.filter((status) => status !== 401 && status !== 429)).toEqual([]);
      // Up to 50 scrypt checks (~0.1 s of CPU each, by design) share two cores with the rest of the stack.
    }, 180_000);

    it("refuses a password shorter than 8 characters: 400 naming the minimum", async () => {
      const refused = await app.api("/api/shares", json({ imageIds: [pngId], expiresIn: "1d", password: "seven77" }));
      await expectError(refused, 400, "bad_request");
    });

    it("hashes with scrypt N=2^14, r=8, p=5", async () => {
      const created = await share({ imageIds: [pngId], expiresIn: "1d", password: "correct-pass" });
      const [row] = await app.runtime.db.select().from(shares).where(eq(shares.id, created.share.id));
      expect(row!.passwordHash).toMatch(/^scrypt\$16384\$8\$5\$/);
    });
  });

  describe("location privacy", () => {
    it("serves a copy without GPS EXIF while the owner's original stays byte-exact", async () => {
      const original = await makeJpegWithGps();
      expect(countGpsTags((await sharp(original).metadata()).exif)).toBeGreaterThanOrEqual(4);
      const id = await upload(app, "Urlaub.jpg", "image/jpeg", original);

      const created = await share({ imageIds: [id], expiresIn: "1h" });
      const opened = (await (await open(created.token)).json()) as OpenedShare;
      const [image] = opened.share.images;
      const shared = Buffer.from(await (await fetch(image!.url)).arrayBuffer());
      const sharedMeta = await sharp(shared).metadata();
      expect(sharedMeta).toMatchObject({ format: "jpeg", width: 96, height: 64 });
      expect(sharedMeta.exif).toBeUndefined();
      expect(countGpsTags(sharedMeta.exif)).toBe(0);
      expect(shared.includes(Buffer.from("Pixbucket Test Camera"))).toBe(false);
      const downloaded = Buffer.from(await (await fetch(image!.downloadUrl)).arrayBuffer());
      expect(sha256Hex(downloaded)).toBe(sha256Hex(shared));

      const redirect = await app.api(`/api/images/${id}/download`, { redirect: "manual" });
      const ownerCopy = Buffer.from(await (await fetch(redirect.headers.get("location")!)).arrayBuffer());
      expect(sha256Hex(ownerCopy)).toBe(sha256Hex(original));
      expect(countGpsTags((await sharp(ownerCopy).metadata()).exif)).toBeGreaterThanOrEqual(4);

      // Sharing again reuses the copy; deleting the image removes it and the link stops working.
      const [row] = await app.runtime.db.select().from(images).where(eq(images.id, id));
      expect(row!.sharedKey).toMatch(/^shared\/[A-Za-z0-9_-]+\.jpg$/);
      expect(row!.sharedKey).not.toContain(app.user.id);
      await share({ imageIds: [id], expiresIn: "1h" });
      const [again] = await app.runtime.db.select().from(images).where(eq(images.id, id));
      expect(again!.sharedKey).toBe(row!.sharedKey);
      expect(await storedKeys(app)).toContain(row!.sharedKey);

      expect((await app.api(`/api/images/${id}`, { method: "DELETE" })).status).toBe(204);
      expect(await storedKeys(app)).not.toContain(row!.sharedKey);
      await expectError(await open(created.token), 404, "not_found");
      expect((await listShares()).find((item) => item.id === created.share.id)).toMatchObject({ imageCount: 0, thumbnailUrl: null });
    });
  });
});
