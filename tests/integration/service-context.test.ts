import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBackgroundWork } from "@/server/background-work";
import { createServiceContext, type ServiceContext } from "@/server/context";
import { invites, uploads, userUsage } from "@/server/db/schema";
import { withTransaction } from "@/server/db/with-transaction";
import { AppError } from "@/server/errors";
import { listReconcileReports } from "@/server/reconcile/list-reconcile-reports";
import { checkStorage } from "@/server/storage-check/check-storage";
import { createUser } from "@/server/users/create-user";
import { createInvite } from "@/server/users/invites";
import { listInvites } from "@/server/users/list-invites";
import { listUsers, updateUser } from "@/server/users/manage-users";
import { revokeInvite } from "@/server/users/revoke-invite";
import { md5Base64 } from "../fixtures/images";
import { startTestApp, type TestApp, type TestUser } from "../helpers/test-app";
import { signUploads } from "../helpers/upload-client";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the service context", () => {
  let app: TestApp;
  let member: TestUser;
  let adminCtx: ServiceContext;
  let memberCtx: ServiceContext;

  beforeAll(async () => {
    // A sweep every second, to show that building the runtime does not start it.
    app = await startTestApp("embedded", { PIXBUCKET_SWEEP_INTERVAL_SECONDS: "1" });
    member = await app.createUser("user");
    adminCtx = createServiceContext(app.runtime, app.user);
    memberCtx = createServiceContext(app.runtime, member.user);
  });
  afterAll(async () => {
    await app?.close();
  });

  const inviteCount = async () => (await app.runtime.db.select({ n: count() }).from(invites))[0]!.n;
  const quotaOf = async (userId: string) => (await app.runtime.db.select().from(userUsage).where(eq(userUsage.userId, userId)))[0]?.quotaImages ?? null;

  it("admin verbs refuse a non-admin on their own, without any route in front", async () => {
    const before = await inviteCount();
    const refusals: [string, Promise<unknown>][] = [
      ["listUsers", listUsers(memberCtx)],
      ["updateUser", updateUser(memberCtx, app.user.id, { disabled: true })],
      ["createUser", createUser(memberCtx, { email: "sneaky@example.test", name: "Sneaky", password: "long enough password 1" })],
      ["createInvite", createInvite(memberCtx, { role: "admin" })],
      ["listInvites", listInvites(memberCtx)],
      ["revokeInvite", revokeInvite(memberCtx, "any-invite-id")],
      ["checkStorage", checkStorage(memberCtx)],
      ["listReconcileReports", listReconcileReports({ db: app.runtime.db, user: member.user })],
    ];
    for (const [name, call] of refusals) {
      const error = await call.then(
        () => null,
        (reason: unknown) => reason,
      );
      expect(error, name).toBeInstanceOf(AppError);
      expect((error as AppError).code, name).toBe("forbidden");
    }
    expect(await inviteCount()).toBe(before);
    expect((await listUsers(adminCtx)).users.map((user) => user.email)).not.toContain("sneaky@example.test");
  });

  it("withTransaction: a verb joins the caller's transaction, and a failure after it rolls both back", async () => {
    const invitesBefore = await inviteCount();
    const failed = withTransaction(adminCtx, async (tx) => {
      await createInvite(tx, { role: "user" });
      await updateUser(tx, member.user.id, { quota: { images: 7 } }); // opens its own transaction: joins this one
      await withTransaction(tx, async (inner) => expect(inner.db).toBe(tx.db));
      expect(await tx.db.select({ n: count() }).from(invites)).toEqual([{ n: invitesBefore + 1 }]);
      throw new Error("changed my mind");
    });
    await expect(failed).rejects.toThrow("changed my mind");
    expect(await inviteCount()).toBe(invitesBefore);
    expect(await quotaOf(member.user.id)).toBeNull();

    await withTransaction(adminCtx, async (tx) => {
      await createInvite(tx, { role: "user" });
      await updateUser(tx, member.user.id, { quota: { images: 7 } });
    });
    expect(await inviteCount()).toBe(invitesBefore + 1);
    expect(await quotaOf(member.user.id)).toBe(7);
  });

  it("building the runtime starts no background work; the server's start-up does", async () => {
    const signed = await signUploads(app, [{ name: "left.png", type: "image/png", size: 1000, md5: md5Base64(Buffer.alloc(1000)) }]);
    const body = (await signed.json()) as { uploads: { id: string }[] };
    expect(signed.status, JSON.stringify(body)).toBeLessThan(300);
    const [entry] = body.uploads;
    await app.runtime.db.update(uploads).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(uploads.id, entry!.id));
    const statusOf = async () => (await app.runtime.db.select({ status: uploads.status }).from(uploads).where(eq(uploads.id, entry!.id)))[0]!.status;

    await sleep(2500); // more than two sweep intervals
    expect(await statusOf()).toBe("pending");

    const stop = startBackgroundWork(app.runtime);
    try {
      for (let waited = 0; waited < 10_000 && (await statusOf()) === "pending"; waited += 250) await sleep(250);
      expect(await statusOf()).toBe("aborted");
    } finally {
      stop();
    }
  });
});
