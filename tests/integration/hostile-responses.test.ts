import { existsSync, watch } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploads } from "@/server/db/schema";
import { securityHeaderSettings } from "@/server/http/security-headers";
import { answerPage } from "@/proxy";
import { asBody, makeImage, md5Base64, sha256Hex } from "../fixtures/images";
import { expectError } from "../helpers/expect-error";
import { startTestApp, type TestApp, type TestUser } from "../helpers/test-app";
import { signUploads, uploadFile } from "../helpers/upload-client";
import type { PutUploadTicket } from "@/contract/uploads";

const post = (body: unknown): RequestInit => ({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

type SignedPut = PutUploadTicket;

/** The CSP as a map of directive → sources. */
function parseCsp(header: string | null): Map<string, string[]> {
  expect(header, "no Content-Security-Policy header").toBeTruthy();
  return new Map(
    header!
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

function expectBaseHeaders(headers: Headers) {
  const csp = parseCsp(headers.get("content-security-policy"));
  expect(csp.get("default-src")).toEqual(["'self'"]);
  expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  expect(csp.get("base-uri")).toEqual(["'none'"]);
  expect(csp.get("form-action")).toEqual(["'self'"]);
  expect(csp.get("script-src")).not.toContain("'unsafe-eval'");
  expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
  expect(headers.get("x-content-type-options")).toBe("nosniff");
  expect(headers.get("permissions-policy")).toBe("camera=(), microphone=(), geolocation=()");
  return csp;
}

const page = (app: TestApp, pathname: string, cookie = true) =>
  answerPage(
    new NextRequest(new URL(pathname, app.origin), { headers: cookie ? { cookie: "better-auth.session_token=x" } : {} }),
    securityHeaderSettings(app.runtime.config),
  );

describe.each(["embedded", "s3"] as const)("hostile responses on the %s stack", (stack) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(stack);
  });
  afterAll(async () => {
    await app?.close();
  });

  describe("security headers", () => {
    it("api answer: CSP, nosniff, Permissions-Policy and strict-origin-when-cross-origin on success and on errors", async () => {
      for (const response of [await app.api("/api/me"), await app.anonymous("/api/images"), await app.anonymous("/api/public/shares/nope")]) {
        expectBaseHeaders(response.headers);
        expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
        // The test app's public URL is http: no HSTS.
        expect(response.headers.get("strict-transport-security")).toBeNull();
      }
    });

    it("storage origin: img-src and connect-src allow exactly where signed upload URLs point", async () => {
      const bytes = await makeImage("png", 8, 8, 1);
      const signed = await signUploads(app, [{ name: "a.png", type: "image/png", size: bytes.length, md5: md5Base64(bytes) }]);
      const [entry] = ((await signed.json()) as { uploads: { url: string }[] }).uploads;
      const csp = expectBaseHeaders(signed.headers);
      const uploadOrigin = new URL(entry!.url).origin;
      if (stack === "s3") expect(uploadOrigin).not.toBe(app.origin);
      expect(csp.get("connect-src")).toContain(uploadOrigin);
      expect(csp.get("img-src")).toContain(uploadOrigin);
      expect(csp.get("img-src")).toEqual(expect.arrayContaining(["'self'", "blob:", "data:"]));
    });

    it("page: a fresh nonce per view in script-src, handed to Next on the request, strict-origin-when-cross-origin", async () => {
      const first = page(app, "/gallery");
      const second = page(app, "/gallery");
      const csp = expectBaseHeaders(first.headers);
      const nonce = csp.get("script-src")!.find((source) => source.startsWith("'nonce-"));
      expect(nonce).toMatch(/^'nonce-[A-Za-z0-9+/]{22}==?'$/);
      expect(parseCsp(second.headers.get("content-security-policy")).get("script-src")).not.toContain(nonce);
      // Next finds the nonce in the request's CSP header, which the proxy forwards.
      expect(first.headers.get("x-middleware-request-content-security-policy")).toContain(nonce);
      expect(first.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    });

    it("share and invite pages: Referrer-Policy no-referrer", () => {
      for (const pathname of ["/s/abc", "/invite/abc"]) {
        const response = page(app, pathname, false);
        expectBaseHeaders(response.headers);
        expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      }
    });

    it("signed-out redirect: carries the headers too", () => {
      const response = page(app, "/settings", false);
      expect(response.status).toBe(307);
      expectBaseHeaders(response.headers);
    });
  });

  describe("single-PUT uploads", () => {
    it("single PUT without md5: that file answers bad_request, the rest of the batch is signed", async () => {
      const bytes = await makeImage("png", 8, 8, 2);
      const response = await signUploads(app, [
        { name: "no-md5.png", type: "image/png", size: bytes.length },
        { name: "with-md5.png", type: "image/png", size: bytes.length, md5: md5Base64(bytes) },
      ]);
      expect(response.status).toBe(200);
      const [refused, signed] = ((await response.json()) as { uploads: ({ error: { code: string; message: string } } | SignedPut)[] }).uploads;
      expect(refused).toEqual({ error: { code: "bad_request", message: expect.stringContaining("md5") as string } });
      expect(signed).toMatchObject({ method: "PUT", headers: { "Content-MD5": md5Base64(bytes) } });
    });

    it("re-PUT to a completed upload's URL: refused by storage without the declared MD5, and with it for other bytes", async () => {
      const bytes = await makeImage("png", 24, 24, 3);
      const response = await signUploads(app, [{ name: "once.png", type: "image/png", size: bytes.length, md5: md5Base64(bytes) }]);
      const [entry] = ((await response.json()) as { uploads: SignedPut[] }).uploads;
      expect((await fetch(entry!.url, { method: "PUT", headers: entry!.headers, body: asBody(bytes) })).status).toBe(200);
      expect((await app.api(`/api/uploads/${entry!.id}/complete`, { method: "POST" })).status).toBe(201);

      // Same length, other bytes: what a swap after verification would send.
      const swapped = Buffer.from(bytes);
      swapped.fill(0x41, 40);
      const withoutMd5 = Object.fromEntries(Object.entries(entry!.headers).filter(([name]) => name.toLowerCase() !== "content-md5"));
      const attempts = [
        await fetch(entry!.url, { method: "PUT", headers: withoutMd5, body: asBody(swapped) }),
        await fetch(entry!.url, { method: "PUT", headers: { ...withoutMd5, "Content-MD5": md5Base64(swapped) }, body: asBody(swapped) }),
        await fetch(entry!.url, { method: "PUT", headers: entry!.headers, body: asBody(swapped) }),
      ];
      for (const attempt of attempts) {
        expect(attempt.status, await attempt.text()).toBeGreaterThanOrEqual(400);
        expect(attempt.status).toBeLessThan(500);
      }
      // The verified bytes are still the stored ones.
      const [row] = await app.runtime.db.select().from(uploads).where(eq(uploads.id, entry!.id));
      expect(sha256Hex((await app.runtime.storage.readRange(row!.key, 0, bytes.length))!)).toBe(sha256Hex(bytes));
    });
  });

  describe("download names", () => {
    it("download of a JPEG named Grüße<U+202E>gpj.hta: attachment Grüßegpj.hta.jpg, RFC 8187 filename* and an ASCII filename= fallback", async () => {
      const bytes = await makeImage("jpeg", 16, 16, 5);
      const { id, complete } = await uploadFile(app, { name: "Grüße\u202Egpj.hta", type: "image/jpeg", bytes });
      expect(complete.status).toBe(201);
      const redirect = await app.api(`/api/images/${id}/download`, { redirect: "manual" });
      expect(redirect.status).toBe(302);
      const file = await fetch(redirect.headers.get("location")!);
      expect(file.status).toBe(200);
      expect(file.headers.get("content-type")).toBe("image/jpeg");
      expect(file.headers.get("content-disposition")).toBe(`attachment; filename="Gr__egpj.hta.jpg"; filename*=UTF-8''Gr%C3%BC%C3%9Fegpj.hta.jpg`);
    });
  });

  describe("disabled users and invites", () => {
    // Users and invites are managed from a browser session: no token may.
    const session = (user: TestUser) => user.signIn();
    const setDisabled = async (user: TestUser, disabled: boolean) =>
      (await session(app))(`/api/users/${user.user.id}`, { method: "PATCH", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ disabled }) });
    const createInvite = async (as: TestUser, email?: string) => {
      const response = await (await session(as))("/api/invites", post({ role: "user", ...(email ? { email } : {}) }));
      expect(response.status).toBe(201);
      return ((await response.json()) as { invite: { token: string } }).invite;
    };
    const accept = (token: string, email: string) =>
      app.anonymous(`/api/invites/${token}/accept`, post({ email, name: "Invited", password: "a long enough password 1" }));
    const listInvites = async () => {
      const response = await (await session(app))("/api/invites");
      expect(response.status).toBe(200);
      return ((await response.json()) as { invites: { id: string; email: string | null; state: string; createdBy: { email: string } }[] }).invites;
    };

    it("disabled owner's share link: 404 (page data and unlock), back after re-enabling", async () => {
      const bob = await app.createUser();
      const { id, complete } = await uploadFile({ ...app, ...bob }, { name: "bob.png", type: "image/png", bytes: await makeImage("png", 12, 12, 6) });
      expect(complete.status).toBe(201);
      const created = await bob.api("/api/shares", post({ imageIds: [id], expiresIn: "1d" }));
      expect(created.status).toBe(201);
      const { token } = (await created.json()) as { token: string };
      expect((await app.anonymous(`/api/public/shares/${token}`)).status).toBe(200);

      expect((await setDisabled(bob, true)).status).toBe(200);
      await expectError(await app.anonymous(`/api/public/shares/${token}`), 404, "not_found");
      await expectError(await app.anonymous(`/api/public/shares/${token}/unlock`, post({ password: "whatever it is" })), 404, "not_found");

      expect((await setDisabled(bob, false)).status).toBe(200);
      expect((await app.anonymous(`/api/public/shares/${token}`)).status).toBe(200);
    });

    it("disabled admin's unused invite: 404 at once, gone from the list, still dead after re-enabling", async () => {
      const carol = await app.createUser("admin");
      const invite = await createInvite(carol, "dave@example.test");
      expect((await listInvites()).some((listed) => listed.email === "dave@example.test" && listed.state === "pending")).toBe(true);

      expect((await setDisabled(carol, true)).status).toBe(200);
      expect((await listInvites()).some((listed) => listed.email === "dave@example.test")).toBe(false);
      await expectError(await accept(invite.token, "dave@example.test"), 404, "not_found");
      expect((await setDisabled(carol, false)).status).toBe(200);
      await expectError(await accept(invite.token, "dave@example.test"), 404, "not_found");
    });

    it("invite revoke: GET /api/invites lists state, DELETE answers 204 and the link 404; used 409, unknown 404, non-admin 403", async () => {
      const revoked = await createInvite(app, "erin@example.test");
      const used = await createInvite(app, "frank@example.test");
      expect((await accept(used.token, "frank@example.test")).status).toBe(201);
      const invites = await listInvites();
      const revokedRow = invites.find((invite) => invite.email === "erin@example.test")!;
      const usedRow = invites.find((invite) => invite.email === "frank@example.test")!;
      expect(revokedRow).toMatchObject({ state: "pending", createdBy: { email: app.user.email } });
      expect(usedRow.state).toBe("used");
      expect(JSON.stringify(invites)).not.toContain(revoked.token);

      expect((await (await session(app))(`/api/invites/${revokedRow.id}`, { method: "DELETE" })).status).toBe(204);
      await expectError(await accept(revoked.token, "erin@example.test"), 404, "not_found");
      await expectError(await (await session(app))(`/api/invites/${revokedRow.id}`, { method: "DELETE" }), 404, "not_found");
      await expectError(await (await session(app))(`/api/invites/${usedRow.id}`, { method: "DELETE" }), 409, "conflict");
      const someone = await app.createUser();
      await expectError(await (await session(someone))("/api/invites"), 403, "forbidden");
      await expectError(await (await session(someone))(`/api/invites/${usedRow.id}`, { method: "DELETE" }), 403, "forbidden");
    });
  });
});

describe.each(["embedded", "s3"] as const)("share copies of large originals on the %s stack", (stack) => {
  const MiB = 1024 * 1024;
  let app: TestApp;

  beforeAll(async () => {
    // The multipart threshold is also where verification (and now share copies) switch to a spool file.
    app = await startTestApp(stack, { PIXBUCKET_MULTIPART_THRESHOLD_BYTES: String(5 * MiB), PIXBUCKET_MULTIPART_PART_BYTES: String(5 * MiB), PIXBUCKET_SWEEP_INTERVAL_SECONDS: "0" });
  });
  afterAll(async () => {
    await app?.close();
  });

  /** sign → two parts → complete, as the uploader does above the threshold. */
  async function uploadMultipart(name: string, bytes: Buffer): Promise<string> {
    const signed = await signUploads(app, [{ name, type: "image/png", size: bytes.length }]);
    const [entry] = ((await signed.json()) as { uploads: { id: string; multipart: { partSize: number; partCount: number } }[] }).uploads;
    expect(entry!.multipart.partCount).toBe(2);
    const partNumbers = [1, 2];
    const { parts } = (await (await app.api(`/api/uploads/${entry!.id}/parts`, post({ partNumbers }))).json()) as { parts: { partNumber: number; url: string }[] };
    const sent = await Promise.all(
      parts.map(async (part) => {
        const body = bytes.subarray((part.partNumber - 1) * 5 * MiB, part.partNumber * 5 * MiB);
        const response = await fetch(part.url, { method: "PUT", body: asBody(body) });
        expect(response.status).toBe(200);
        return { partNumber: part.partNumber, etag: response.headers.get("etag")! };
      }),
    );
    const complete = await app.api(`/api/uploads/${entry!.id}/complete`, post({ parts: sent }));
    expect(complete.status, await complete.clone().text()).toBe(201);
    return entry!.id;
  }

  it("share of an original above the threshold: its copy is made from a spool file that is removed afterwards", async () => {
    const big = await makeImage("png", 1500, 1500, 21);
    expect(big.length).toBeGreaterThan(5 * MiB);
    const id = await uploadMultipart("panorama.png", big);

    const spoolFiles = new Set<string>();
    const watcher = watch(tmpdir(), (_event, name) => {
      if (name?.startsWith("pixbucket-verify-")) spoolFiles.add(name);
    });
    let created: Response;
    try {
      created = await app.api("/api/shares", post({ imageIds: [id], expiresIn: "1d" }));
    } finally {
      watcher.close();
    }
    expect(created.status, await created.clone().text()).toBe(201);
    expect(spoolFiles.size).toBeGreaterThanOrEqual(1);
    for (const name of spoolFiles) expect(existsSync(path.join(tmpdir(), name)), name).toBe(false);

    const { token } = (await created.json()) as { token: string };
    const opened = (await (await app.anonymous(`/api/public/shares/${token}`)).json()) as { share: { images: { url: string; width: number; height: number }[] } };
    const copy = Buffer.from(await (await fetch(opened.share.images[0]!.url)).arrayBuffer());
    const meta = await sharp(copy).metadata();
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: "png", width: 1500, height: 1500 });
  });
});

describe("https public URL", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp("embedded", { PIXBUCKET_PUBLIC_URL: "https://photos.example.test" });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("hsts: Strict-Transport-Security on API answers and pages when the public URL is https", async () => {
    const response = await app.anonymous("/api/health");
    expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(page(app, "/s/abc", false).headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });
});
