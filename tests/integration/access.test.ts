import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens } from "@/server/db/schema";
import { hashSecret } from "@/server/tokens/token-secret";
import { makeImage, md5Base64 } from "../fixtures/images";
import { expectError } from "../helpers/expect-error";
import { createToken } from "../helpers/factories";
import { listRouteFiles } from "../helpers/route-table";
import { startTestApp, type TestApp, type TestUser } from "../helpers/test-app";
import { signUploads, uploadFile } from "../helpers/upload-client";

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;
const json = (body: unknown, method = "POST"): RequestInit => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

/**
 * Routes anyone may call; everything else must answer 401 without a session or token.
 * /api/metrics checks its own PIXBUCKET_METRICS_TOKEN (observability.test.ts), not a user's.
 */
const PUBLIC_ROUTES = new Set(["/api/health", "/api/openapi.json", "/api/auth/[...all]", "/api/setup", "/api/invites/[token]/accept", "/api/storage/[...key]", "/api/metrics"]);
const isPublic = (pattern: string) => PUBLIC_ROUTES.has(pattern) || pattern.startsWith("/api/public/");

function concretePath(pattern: string): string {
  return pattern.replace(/\[\.\.\.[^\]]+\]/g, "some/key").replace(/\[[^\]]+\]/g, "some-id");
}

async function signIn(app: TestApp, email: string, password: string): Promise<Response> {
  return app.anonymous("/api/auth/sign-in/email", { ...json({ email, password }), headers: { "Content-Type": "application/json", Origin: app.origin } });
}

function cookieFrom(response: Response): string {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
}

describe("access control", () => {
  let app: TestApp;
  /** The admin signed in: tokens, users and invites are managed with a session, never a token. */
  let admin: Awaited<ReturnType<TestApp["signIn"]>>;

  beforeAll(async () => {
    app = await startTestApp("embedded");
    admin = await app.signIn();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("answers 401 JSON on every non-public API route without a session or token (walks every route file)", async () => {
    const checked: string[] = [];
    for (const route of listRouteFiles()) {
      if (isPublic(route.pattern)) continue;
      const handlers = (await import(route.file)) as Record<string, unknown>;
      for (const method of METHODS.filter((name) => typeof handlers[name] === "function")) {
        const init: RequestInit = { method, ...(method === "GET" || method === "HEAD" ? {} : { headers: { "Content-Type": "application/json" }, body: "{}" }) };
        for (const credentials of [{}, { authorization: "Bearer pbt_not-a-real-token" }, { authorization: "Basic abc" }] as Record<string, string>[]) {
          const response = await app.anonymous(concretePath(route.pattern), { ...init, headers: { ...(init.headers as Record<string, string>), ...credentials } });
          expect(response.status, `${method} ${route.pattern}`).toBe(401);
          if (method !== "HEAD") expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
        }
        checked.push(`${method} ${route.pattern}`);
      }
    }
    expect(checked).toEqual(expect.arrayContaining(["POST /api/uploads", "GET /api/images", "DELETE /api/images/[id]", "GET /api/tokens", "GET /api/users"]));
  });

  describe("ownership: another user's ids answer 404", () => {
    let other: TestUser;
    let singleId: string;
    let multipartId: string;
    let imageId: string;

    beforeAll(async () => {
      other = await app.createUser();
      // The admin owns an image, a pending single-PUT upload and a pending multipart upload.
      const done = await uploadFile(app, { name: "mine.png", type: "image/png", bytes: await makeImage("png", 20, 20, 1) });
      expect(done.complete.status).toBe(201);
      imageId = done.id;
      const signed = (await (
        await signUploads(app, [
          { name: "p.png", type: "image/png", size: 10, md5: md5Base64(Buffer.alloc(10)) },
          // Above the 32 MiB default threshold: signed as multipart, no bytes needed to exist.
          { name: "big.png", type: "image/png", size: 40 * 1024 * 1024 },
        ])
      ).json()) as { uploads: { id: string; method?: string; multipart?: unknown }[] };
      expect(signed.uploads[0]!.method).toBe("PUT");
      expect(signed.uploads[1]!.multipart).toBeDefined();
      singleId = signed.uploads[0]!.id;
      multipartId = signed.uploads[1]!.id;
    });

    /** The owner's own call on the same id, with the exact answer that proves it is still theirs and intact. */
    const ownerStillHas = {
      image: async () => expect((await app.api(`/api/images/${imageId}`)).status).toBe(200),
      // Completing before the bytes arrived is a 409 (not a 404), and leaves the upload pending.
      single: async () => expect((await app.api(`/api/uploads/${singleId}/complete`, { method: "POST" })).status).toBe(409),
      multipart: async () => {
        const response = await app.api(`/api/uploads/${multipartId}/parts`);
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ parts: [] });
      },
    };

    it.each([
      ["complete (single PUT)", "POST", (id: string) => `/api/uploads/${id}/complete`, "single"],
      ["abort (single PUT)", "DELETE", (id: string) => `/api/uploads/${id}`, "single"],
      ["complete (multipart)", "POST", (id: string) => `/api/uploads/${id}/complete`, "multipart"],
      ["list parts", "GET", (id: string) => `/api/uploads/${id}/parts`, "multipart"],
      ["sign parts", "POST", (id: string) => `/api/uploads/${id}/parts`, "multipart"],
      ["abort (multipart)", "DELETE", (id: string) => `/api/uploads/${id}`, "multipart"],
      ["get image", "GET", (id: string) => `/api/images/${id}`, "image"],
      ["details", "GET", (id: string) => `/api/images/${id}/details`, "image"],
      ["preview", "GET", (id: string) => `/api/images/${id}/preview`, "image"],
      ["download", "GET", (id: string) => `/api/images/${id}/download`, "image"],
      ["delete image", "DELETE", (id: string) => `/api/images/${id}`, "image"],
    ] as const)("%s", async (_what, method, path, kind) => {
      const id = { image: imageId, single: singleId, multipart: multipartId }[kind];
      const body = method === "POST" ? JSON.stringify(path(id).endsWith("/parts") ? { partNumbers: [1] } : {}) : undefined;
      const response = await other.api(path(id), { method, headers: { "Content-Type": "application/json" }, body, redirect: "manual" });
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
      await ownerStillHas[kind]();
    });

    it("bulk delete skips another user's images", async () => {
      const response = await other.api("/api/images/delete", json({ ids: [imageId] }));
      expect(await response.json()).toEqual({ deleted: 0 });
      expect((await app.api(`/api/images/${imageId}`)).status).toBe(200);
      const theirs = (await (await other.api("/api/images")).json()) as { images: unknown[] };
      expect(theirs.images).toEqual([]);
    });

    it("revoking another user's token answers 404 and the token keeps working", async () => {
      const created = await createToken(app, { name: "the admin's script" });
      const otherSession = await other.signIn();
      await expectError(await otherSession(`/api/tokens/${created.apiToken.id}`, { method: "DELETE" }), 404, "not_found");
      expect((await app.anonymous("/api/me", { headers: { authorization: `Bearer ${created.token}` } })).status).toBe(200);
    });

    it("a user who is not an admin gets 403 on admin routes", async () => {
      const otherSession = await other.signIn();
      expect((await otherSession("/api/users")).status).toBe(403);
      expect((await otherSession("/api/invites", json({}))).status).toBe(403);
      expect((await otherSession(`/api/users/${app.user.id}`, json({ disabled: true }, "PATCH"))).status).toBe(403);
    });
  });

  describe("API tokens", () => {
    it("work as Bearer, are stored only as a hash, and stop at once when revoked", async () => {
      const created = await admin("/api/tokens", json({ name: "laptop" }));
      expect(created.status).toBe(201);
      const { token, apiToken } = (await created.json()) as { token: string; apiToken: { id: string; name: string; prefix: string } };
      expect(token).toMatch(/^pbt_[A-Za-z0-9_-]{43}$/);
      expect(token.startsWith(apiToken.prefix)).toBe(true);

      const [row] = await app.runtime.db.select().from(apiTokens).where(eq(apiTokens.id, apiToken.id));
      expect(JSON.stringify(row)).not.toContain(token.slice(4));
      expect(row!.tokenHash).toBe(hashSecret(token));

      const me = await app.anonymous("/api/me", { headers: { Authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { user: { id: string } }).user.id).toBe(app.user.id);
      const listed = (await (await admin("/api/tokens")).json()) as { tokens: { id: string; lastUsedAt: string | null }[] };
      expect(listed.tokens.find((item) => item.id === apiToken.id)!.lastUsedAt).not.toBeNull();
      expect(JSON.stringify(listed)).not.toContain(token.slice(10));

      expect((await admin(`/api/tokens/${apiToken.id}`, { method: "DELETE" })).status).toBe(204);
      expect((await app.anonymous("/api/me", { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
    });

    it("an expired token answers 401", async () => {
      const { token, apiToken } = (await (await admin("/api/tokens", json({ name: "short", expiresInDays: 1 }))).json()) as { token: string; apiToken: { id: string } };
      expect((await app.anonymous("/api/me", { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
      await app.runtime.db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, apiToken.id));
      expect((await app.anonymous("/api/me", { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
    });

    it("refuses a bad token body", async () => {
      expect((await admin("/api/tokens", json({ name: "" }))).status).toBe(400);
      expect((await admin("/api/tokens", json({ name: "x", expiresInDays: 0 }))).status).toBe(400);
    });
  });

  describe("sessions, disabling, setup and invites", () => {
    it("signs in with a password; disabling the user ends their session and tokens at once", async () => {
      const someone = await app.createUser();
      const signedIn = await signIn(app, someone.user.email, someone.password);
      expect(signedIn.status).toBe(200);
      const cookie = cookieFrom(signedIn);
      expect(signedIn.headers.getSetCookie().join("\n")).toMatch(/HttpOnly/i);
      expect(signedIn.headers.getSetCookie().join("\n")).toMatch(/SameSite=Lax/i);
      expect((await app.anonymous("/api/me", { headers: { cookie } })).status).toBe(200);
      expect((await someone.api("/api/me")).status).toBe(200);

      const disabled = await admin(`/api/users/${someone.user.id}`, json({ disabled: true }, "PATCH"));
      expect(disabled.status).toBe(200);
      expect((await app.anonymous("/api/me", { headers: { cookie } })).status).toBe(401);
      expect((await someone.api("/api/me")).status).toBe(401);
      expect((await signIn(app, someone.user.email, someone.password)).status).toBeGreaterThanOrEqual(400);

      expect((await admin(`/api/users/${someone.user.id}`, json({ disabled: false }, "PATCH"))).status).toBe(200);
      expect((await someone.api("/api/me")).status).toBe(200);
      expect((await admin(`/api/users/${app.user.id}`, json({ disabled: true }, "PATCH"))).status).toBe(400);
    });

    it("rate-limits sign-in attempts with 429 and Retry-After", async () => {
      const target = await app.createUser();
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let attempt = 0; attempt < 7; attempt += 1) {
        last = await signIn(app, target.user.email, "wrong password!");
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 5).every((status) => status === 401)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
      expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(((await last!.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    });

    it("the first-run setup closes once an admin exists", async () => {
      expect(await (await app.anonymous("/api/setup")).json()).toEqual({ needsAdmin: false });
      const again = await app.anonymous("/api/setup", json({ email: "late@example.test", name: "Late", password: "long enough pw" }));
      expect(again.status).toBe(409);
    });

    it("an admin's invite link creates one account, once", async () => {
      const { invite } = (await (await admin("/api/invites", json({ role: "user" }))).json()) as { invite: { token: string; path: string } };
      expect(invite.path).toBe(`/invite/${invite.token}`);
      const body = { email: "invited@example.test", name: "Invited", password: "a good password" };
      expect((await app.anonymous(`/api/invites/${invite.token}/accept`, json(body))).status).toBe(201);
      expect((await app.anonymous(`/api/invites/${invite.token}/accept`, json({ ...body, email: "second@example.test" }))).status).toBe(404);
      expect((await signIn(app, body.email, body.password)).status).toBe(200);
      expect((await app.anonymous(`/api/invites/not-a-token-at-all/accept`, json(body))).status).toBe(404);
    });

    it("admins list and create users", async () => {
      const created = await admin("/api/users", json({ email: "New@Example.test", name: "New", password: "password123" }));
      expect(created.status).toBe(201);
      expect(((await created.json()) as { user: { email: string } }).user.email).toBe("new@example.test");
      expect((await admin("/api/users", json({ email: "new@example.test", name: "Dup", password: "password123" }))).status).toBe(409);
      expect((await admin("/api/users", json({ email: "short@example.test", name: "S", password: "123" }))).status).toBe(400);
      const { users } = (await (await admin("/api/users")).json()) as { users: { email: string }[] };
      expect(users.map((user) => user.email)).toContain("new@example.test");
    });
  });

  it("rate-limits upload signing per token with 429 and Retry-After", async () => {
    const limited = await startTestApp("embedded", { PIXBUCKET_SIGN_FILES_PER_MINUTE: "5" });
    try {
      const files = (n: number) => Array.from({ length: n }, (_, index) => ({ name: `${index}.png`, type: "image/png", size: 10, md5: md5Base64(Buffer.alloc(10)) }));
      expect((await limited.api("/api/uploads", json({ files: files(4) }))).status).toBe(200);
      const refused = await limited.api("/api/uploads", json({ files: files(2) }));
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      // Another token of the same user has its own budget.
      const other = await limited.createUser();
      expect((await other.api("/api/uploads", json({ files: files(1) }))).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
