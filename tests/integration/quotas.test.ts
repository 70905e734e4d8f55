import { eq } from "drizzle-orm";
import type { DuplicateAnswer, MultipartUploadTicket, PutUploadTicket, RefusedUpload } from "@/contract/uploads";
import type { UserDto } from "@/contract/users";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploads } from "@/server/db/schema";
import { makeRealPhotoSet } from "../fixtures/real-photos";
import { expectError } from "../helpers/expect-error";
import { startTestApp, type TestApp, type TestUser } from "../helpers/test-app";
import { signUploads, uploadFile } from "../helpers/upload-client";

/** Any one entry of POST /api/uploads, read field by field. */
type Signed = Partial<PutUploadTicket & MultipartUploadTicket & RefusedUpload & DuplicateAnswer>;
type Quota = UserDto["quota"];
const MiB = 1024 * 1024;

describe.each(["embedded", "s3"] as const)("quotas on the %s stack", (stack) => {
  let app: TestApp;
  /** The admin's browser session: no token manages users. */
  let admin: (pathname: string, init?: RequestInit) => Promise<Response>;

  beforeAll(async () => {
    app = await startTestApp(stack, { PIXBUCKET_DEFAULT_QUOTA_IMAGES: "50", PIXBUCKET_SWEEP_INTERVAL_SECONDS: "0" });
    admin = await app.signIn();
  });
  afterAll(() => app?.close());

  const setQuota = (userId: string, quota: unknown) =>
    admin(`/api/users/${userId}`, { method: "PATCH", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ quota }) });

  async function me(user: TestUser): Promise<{ usage: { images: number; bytes: number }; quota: Quota }> {
    const response = await user.api("/api/me");
    expect(response.status).toBe(200);
    return (await response.json()) as { usage: { images: number; bytes: number }; quota: Quota };
  }

  async function sign(user: TestUser, sizes: number[]): Promise<Signed[]> {
    const response = await signUploads(user, sizes.map((size, index) => ({ name: `photo-${index}.jpg`, type: "image/jpeg", size, md5: "1B2M2Y8AsgTpgAmY7PhCfg==" })));
    expect(response.status).toBe(200);
    return ((await response.json()) as { uploads: Signed[] }).uploads;
  }

  const codes = (signed: Signed[]) => signed.map((entry) => entry.error?.code ?? "ok");

  it("a new account starts with the configured default quota (PIXBUCKET_DEFAULT_QUOTA_IMAGES)", async () => {
    const user = await app.createUser();
    expect((await me(user)).quota).toEqual({ images: 50, bytes: null });
  });

  it("image quota: files past it get quota_exceeded alone, counting uploads signed but not finished", async () => {
    const user = await app.createUser();
    const updated = await setQuota(user.user.id, { images: 2 });
    expect(updated.status).toBe(200);
    expect(((await updated.json()) as { user: { quota: Quota } }).user.quota).toEqual({ images: 2, bytes: null });
    expect((await me(user)).quota).toEqual({ images: 2, bytes: null });

    const first = await sign(user, [1000, 1000, 1000]);
    expect(codes(first)).toEqual(["ok", "ok", "quota_exceeded"]);
    expect(first[2]!.error!.message).toMatch(/quota/);
    // Two are pending: a new batch has no room, until one is aborted.
    expect(codes(await sign(user, [1000]))).toEqual(["quota_exceeded"]);
    expect((await user.api(`/api/uploads/${first[0]!.id}`, { method: "DELETE" })).status).toBe(204);
    expect(codes(await sign(user, [1000]))).toEqual(["ok"]);
    // The refused files left no upload rows behind.
    expect(await app.runtime.db.select().from(uploads).where(eq(uploads.ownerId, user.user.id))).toHaveLength(3);
  });

  it("byte quota: counts completed images and pending bytes; a big multipart file over it opens nothing", async () => {
    const user = await app.createUser();
    const [photo] = await makeRealPhotoSet(1, { width: 480, height: 320 });
    expect((await setQuota(user.user.id, { bytes: photo!.length + 1500 })).status).toBe(200);
    const { complete } = await uploadFile(user, { name: "kept.jpg", type: "image/jpeg", bytes: photo! });
    expect(complete.status).toBe(201);
    expect((await me(user)).usage).toEqual({ images: 1, bytes: photo!.length });
    expect(codes(await sign(user, [1000, 1000, 400]))).toEqual(["ok", "quota_exceeded", "ok"]);
    const rowsBefore = (await app.runtime.db.select().from(uploads).where(eq(uploads.ownerId, user.user.id))).length;
    expect(codes(await sign(user, [40 * MiB]))).toEqual(["quota_exceeded"]);
    expect(await app.runtime.db.select().from(uploads).where(eq(uploads.ownerId, user.user.id))).toHaveLength(rowsBefore);
  });

  it("parallel signing cannot pass the quota: 10 single-file requests at once, exactly 3 signed", async () => {
    const user = await app.createUser();
    expect((await setQuota(user.user.id, { images: 3 })).status).toBe(200);
    const results = await Promise.all(Array.from({ length: 10 }, () => sign(user, [2000])));
    const all = results.flat();
    expect(all.filter((entry) => entry.url).length).toBe(3);
    expect(all.filter((entry) => entry.error?.code === "quota_exceeded").length).toBe(7);
  });

  it("null removes the quota; the admin list shows usage and quota", async () => {
    const user = await app.createUser();
    expect((await setQuota(user.user.id, { images: 0 })).status).toBe(200);
    expect(codes(await sign(user, [1000]))).toEqual(["quota_exceeded"]);
    const listed = (await (await admin("/api/users")).json()) as { users: { id: string; quota: Quota; usage: { images: number } }[] };
    expect(listed.users.find((entry) => entry.id === user.user.id)).toMatchObject({ quota: { images: 0, bytes: null }, usage: { images: 0 } });
    expect((await setQuota(user.user.id, null)).status).toBe(200);
    expect((await me(user)).quota).toBeNull();
    expect(codes(await sign(user, [1000]))).toEqual(["ok"]);
  });

  it("bad quota input: 400; a user setting a quota: 403; an unknown account: 404", async () => {
    const user = await app.createUser();
    for (const quota of [{ images: -1 }, { bytes: 1.5 }, { images: "10" }, { files: 3 }, "lots"]) {
      await expectError(await setQuota(user.user.id, quota), 400, "bad_request");
    }
    await expectError(await admin(`/api/users/${user.user.id}`, { method: "PATCH", headers: { "Content-Type": "application/json" }, body: "{}" }), 400, "bad_request");
    const asUser = await user.signIn();
    await expectError(await asUser(`/api/users/${user.user.id}`, { method: "PATCH", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ quota: null }) }), 403, "forbidden");
    // Nor may the admin's own token.
    await expectError(await app.api(`/api/users/${user.user.id}`, { method: "PATCH", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ quota: null }) }), 403, "forbidden");
    await expectError(await setQuota("no-such-user", { images: 1 }), 404, "not_found");
  });
});
