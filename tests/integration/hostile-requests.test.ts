import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError } from "../helpers/expect-error";
import { streamRequest } from "../helpers/stream-request";
import { startTestApp, type TestApp } from "../helpers/test-app";

// Requests no honest client sends: oversized or endless bodies, the wrong content type, strings
// the database cannot store. Each must get a clear 4xx without the server holding the body.

const KiB = 1024;
const MiB = 1024 * KiB;
const jsonHeaders = { "Content-Type": "application/json" };

/** A JSON object of about `bytes` bytes: one long string field. */
const paddedJson = (bytes: number, extra: Record<string, unknown> = {}) => JSON.stringify({ ...extra, padding: "x".repeat(bytes) });

describe("hostile requests on Postgres", () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp("s3");
  });
  afterAll(async () => {
    await app?.close();
  });

  const post = (path: string, body: string, headers: Record<string, string> = jsonHeaders) => app.api(path, { method: "POST", headers, body });

  describe("body size", () => {
    it("JSON body over 64 KiB with Content-Length: 413 too_large", async () => {
      const response = await post("/api/shares", paddedJson(65 * KiB, { imageIds: ["a"], expiresIn: "1h" }));
      const body = await expectError(response, 413, "too_large");
      expect(body.error.message).toContain("64 KiB");
    });

    it("JSON body over 64 KiB streamed without Content-Length: 413 too_large", async () => {
      const answer = await streamRequest(`${app.origin}/api/shares`, {
        headers: { ...jsonHeaders, authorization: `Bearer ${app.token}` },
        totalBytes: 64 * MiB,
      });
      expect(answer.status, answer.body).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "too_large" } });
      // The answer came before the client had sent it all. Loopback socket buffers can swallow a few
      // MiB before the server reads a byte, so the body is far larger than any buffer.
      expect(answer.bytesWritten).toBeLessThan(64 * MiB);
    });

    it("JSON body just under 64 KiB: accepted (400 from the schema, not 413)", async () => {
      await expectError(await post("/api/shares", paddedJson(60 * KiB, { imageIds: [], expiresIn: "1h" })), 400, "bad_request");
    });

    it("upload complete body with 10,000 parts (about 650 KiB): accepted (404 for an unknown upload, not 413)", async () => {
      const parts = Array.from({ length: 10_000 }, (_, index) => ({ partNumber: index + 1, etag: `"${"0123456789abcdef".repeat(2)}"` }));
      const body = JSON.stringify({ parts });
      expect(body.length).toBeGreaterThan(512 * KiB);
      await expectError(await post("/api/uploads/unknown-upload/complete", body), 404, "not_found");
    });

    it("upload complete body over 1 MiB: 413 too_large", async () => {
      await expectError(await post("/api/uploads/unknown-upload/complete", paddedJson(MiB + KiB)), 413, "too_large");
    });

    it("1 GB unauthenticated streamed body to the public unlock route: 413 too_large, server RSS grows under 50 MB", async () => {
      // The test app serves from this process (tests/helpers/test-app.ts), so its RSS is the server's.
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 20);
      try {
        const answer = await streamRequest(`${app.origin}/api/public/shares/x/unlock`, { headers: jsonHeaders, totalBytes: 1024 * MiB });
        expect(answer.status, answer.body).toBe(413);
        expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "too_large" } });
        expect(answer.headers.connection).toBe("close");
      } finally {
        clearInterval(sampler);
      }
      peak = Math.max(peak, process.memoryUsage().rss);
      expect(peak - before).toBeLessThan(50 * 1024 * 1024);
    });

    it("auth body over 64 KiB at sign-in: 413 too_large", async () => {
      const response = await app.anonymous("/api/auth/sign-in/email", { method: "POST", headers: { ...jsonHeaders, Origin: app.origin }, body: paddedJson(65 * KiB, { email: app.user.email, password: "x" }) });
      await expectError(response, 413, "too_large");
    });
  });

  describe("content type", () => {
    it("text/plain body on a JSON route: 415 unsupported_type", async () => {
      await expectError(await post("/api/shares", JSON.stringify({ imageIds: ["a"], expiresIn: "1h" }), { "Content-Type": "text/plain" }), 415, "unsupported_type");
    });

    it("form-encoded body on a JSON route: 415 unsupported_type", async () => {
      await expectError(await post("/api/tokens", "name=x", { "Content-Type": "application/x-www-form-urlencoded" }), 415, "unsupported_type");
    });

    it("JSON body without a Content-Type: 415 unsupported_type", async () => {
      // fetch would add text/plain to a string body; a byte body goes without a type.
      await expectError(await app.api("/api/tokens", { method: "POST", body: new TextEncoder().encode(JSON.stringify({ name: "x" })) }), 415, "unsupported_type");
    });

    it("form-encoded body at sign-in: 415 unsupported_type", async () => {
      const response = await app.anonymous("/api/auth/sign-in/email", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.origin }, body: "email=a%40b.c&password=x" });
      await expectError(response, 415, "unsupported_type");
    });
  });

  describe("cross-site requests", () => {
    let session: Awaited<ReturnType<TestApp["signIn"]>>;
    const newToken = (headers: Record<string, string>, send = (init: RequestInit) => session("/api/tokens", init)) =>
      send({ method: "POST", headers: { ...jsonHeaders, ...headers }, body: JSON.stringify({ name: "csrf probe" }) });

    beforeAll(async () => {
      session = await app.signIn();
    });

    it("cookie POST with another site's Origin: 403 forbidden (cross-site)", async () => {
      const body = await expectError(await newToken({ Origin: "http://evil.example" }), 403, "forbidden");
      expect(body.error.message).toContain("cross-site");
    });

    it("cookie POST with Sec-Fetch-Site: cross-site: 403 forbidden (cross-site)", async () => {
      await expectError(await newToken({ Origin: "null", "Sec-Fetch-Site": "cross-site" }), 403, "forbidden");
    });

    it("cookie POST from a sibling subdomain (Sec-Fetch-Site: same-site): 403 forbidden (cross-site)", async () => {
      await expectError(await newToken({ Origin: "http://other.127.0.0.1.nip.io", "Sec-Fetch-Site": "same-site" }), 403, "forbidden");
    });

    it("cookie DELETE with another site's Origin: 403 forbidden (cross-site)", async () => {
      await expectError(await session("/api/tokens/some-id", { method: "DELETE", headers: { Origin: "http://evil.example" } }), 403, "forbidden");
    });

    it("cookie POST to the auth library (change-password, sign-out) with another site's Origin: 403 forbidden", async () => {
      const changed = await session("/api/auth/change-password", { method: "POST", headers: { ...jsonHeaders, Origin: "http://evil.example" }, body: JSON.stringify({ currentPassword: app.password, newPassword: "taken-over-password-1" }) });
      expect(changed.status).toBe(403);
      const signedOut = await session("/api/auth/sign-out", { method: "POST", headers: { ...jsonHeaders, Origin: "http://evil.example" }, body: "{}" });
      expect(signedOut.status).toBe(403);
      expect((await session("/api/me")).status).toBe(200);
    });

    it("cookie POST with the public URL's Origin: allowed", async () => {
      expect((await newToken({})).status).toBe(201);
    });

    it("cookie POST with Sec-Fetch-Site: same-origin and no Origin header match: allowed", async () => {
      expect((await newToken({ Origin: "http://elsewhere.example", "Sec-Fetch-Site": "same-origin" })).status).toBe(201);
    });

    it("cookie GET with another site's Origin: allowed (reads change nothing)", async () => {
      expect((await session("/api/me", { headers: { Origin: "http://evil.example" } })).status).toBe(200);
    });

    it("Bearer-token POST with another site's Origin: allowed (a page cannot send a token)", async () => {
      const response = await app.api("/api/images/delete", { method: "POST", headers: { ...jsonHeaders, Origin: "http://evil.example" }, body: JSON.stringify({ ids: ["none"] }) });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ deleted: 0 });
    });
  });

  describe("auth endpoints outside the allow-list", () => {
    let session: Awaited<ReturnType<TestApp["signIn"]>>;

    beforeAll(async () => {
      session = await app.signIn();
    });

    it.each([
      ["POST", "/api/auth/admin/create-user", { email: "planted@example.test", name: "Planted", password: "planted-password-1", role: "admin" }],
      ["POST", "/api/auth/admin/set-role", { userId: "x", role: "admin" }],
      ["POST", "/api/auth/admin/impersonate-user", { userId: "x" }],
      ["GET", "/api/auth/admin/list-users", undefined],
      ["GET", "/api/auth/list-sessions", undefined],
      ["POST", "/api/auth/update-user", { name: "Renamed" }],
      ["POST", "/api/auth/delete-user", {}],
      ["POST", "/api/auth/change-email", { newEmail: "moved@example.test" }],
      ["POST", "/api/auth/request-password-reset", { email: "someone@example.test" }],
      ["GET", "/api/auth/ok", undefined],
      ["GET", "/api/auth/sign-in/email", undefined],
    ] as const)("unlisted auth endpoint %s %s, even signed in as admin: 404 not_found", async (method, path, body) => {
      const response = await session(path, body === undefined ? { method } : { method, ...{ headers: jsonHeaders, body: JSON.stringify(body) } });
      await expectError(response, 404, "not_found");
    });

    it("unlisted auth endpoints changed nothing: no planted user, the admin's name kept", async () => {
      const { users } = (await (await session("/api/users")).json()) as { users: { email: string; name: string }[] };
      expect(users.map((user) => user.email)).not.toContain("planted@example.test");
      expect(users.find((user) => user.email === app.user.email)?.name).toBe(app.user.name);
    });

    it("listed auth endpoint GET /api/auth/get-session with the cookie: 200", async () => {
      const response = await session("/api/auth/get-session");
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ user: { email: app.user.email } });
    });
  });

  describe("strings the database cannot take", () => {
    it("NUL byte in a JSON string: 400 bad_request", async () => {
      const body = await expectError(await post("/api/tokens", JSON.stringify({ name: "bad\u0000name" })), 400, "bad_request");
      expect(body.error.message).toContain("name");
    });

    it("NUL byte in a JSON object key: 400 bad_request", async () => {
      await expectError(await post("/api/tokens", JSON.stringify({ name: "ok", "k\u0000": 1 })), 400, "bad_request");
    });

    it("NUL byte in a query parameter: 400 bad_request", async () => {
      await expectError(await app.api("/api/images?q=a%00b"), 400, "bad_request");
    });

    it("NUL byte in a path segment: 400 bad_request", async () => {
      await expectError(await app.api("/api/images/a%00b"), 400, "bad_request");
    });

    it("body that is not UTF-8: 400 bad_request", async () => {
      await expectError(await app.api("/api/tokens", { method: "POST", headers: jsonHeaders, body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }), 400, "bad_request");
    });

    it("NUL byte in the email at sign-in: 400 bad_request", async () => {
      const response = await app.anonymous("/api/auth/sign-in/email", { method: "POST", headers: { ...jsonHeaders, Origin: app.origin }, body: JSON.stringify({ email: "a\u0000@example.test", password: "whatever-password" }) });
      await expectError(response, 400, "bad_request");
    });

    it("email over 254 characters at sign-in: 400 bad_request", async () => {
      const response = await app.anonymous("/api/auth/sign-in/email", { method: "POST", headers: { ...jsonHeaders, Origin: app.origin }, body: JSON.stringify({ email: `${"a".repeat(3000)}@example.test`, password: "whatever-password" }) });
      const body = await expectError(response, 400, "bad_request");
      expect(body.error.message).toContain("254");
    });

    it("email over 254 characters at sign-up: 400 bad_request", async () => {
      const response = await app.anonymous("/api/auth/sign-up/email", { method: "POST", headers: { ...jsonHeaders, Origin: app.origin }, body: JSON.stringify({ email: `${"a".repeat(3000)}@example.test`, name: "Long", password: "whatever-password" }) });
      const body = await expectError(response, 400, "bad_request");
      expect(body.error.message).toContain("254");
    });
  });
});

describe("hostile requests to the local storage route", () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp("embedded");
  });
  afterAll(async () => {
    await app?.close();
  });

  const forgedPut = (path: string) => `${app.origin}/api/storage/${path}?op=put&expires=4102444800&signature=forged`;

  it("refused PUT of 64 MiB to local storage: 403 after at most about 1 MiB read, connection closed", async () => {
    const answer = await streamRequest(forgedPut("uploads/big.jpg"), { method: "PUT", headers: { "Content-Type": "image/jpeg", "Content-Length": String(64 * MiB) }, totalBytes: 64 * MiB });
    expect(answer.status, answer.body).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "SignatureDoesNotMatch" } });
    expect(answer.headers.connection).toBe("close");
    // Socket buffers hold a few MiB beyond what the server read; the rest was never sent.
    expect(answer.bytesWritten).toBeLessThan(16 * MiB);
  });

  it("refused PUT of 100 KiB to local storage: 403 after reading it all, connection kept", async () => {
    const answer = await streamRequest(forgedPut("uploads/small.jpg"), { method: "PUT", headers: { "Content-Type": "image/jpeg", "Content-Length": String(100 * KiB) }, totalBytes: 100 * KiB });
    expect(answer.status, answer.body).toBe(403);
    expect(answer.headers.connection).not.toBe("close");
    expect(answer.bytesWritten).toBe(100 * KiB);
  });
});
