import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@/server/ids";
import { hashSecret } from "@/server/tokens/token-secret";
import type { ApiTokenDto } from "@/contract/tokens";
import type { TokenScope } from "@/lib/token-scopes";
import { makeImage } from "../fixtures/images";
import { expectError } from "../helpers/expect-error";
import { runCli } from "../helpers/run-cli";
import { startTestApp, type TestApp } from "../helpers/test-app";
import { signUploads, uploadFile } from "../helpers/upload-client";

// What an API token may do is what it was made for: `upload`, `read`, `delete`, `share`. No token
// manages tokens, users or invites. A signed-in person may do everything.

const json = (body: unknown, method = "POST"): RequestInit => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

describe("API token scopes", () => {
  let app: TestApp;
  let session: Awaited<ReturnType<TestApp["signIn"]>>;
  let imageId: string;

  /** A token of the admin's with these scopes (or the default when undefined), and a fetch that sends it. */
  async function tokenWith(scopes?: TokenScope[]) {
    const response = await session("/api/tokens", json({ name: `scoped ${scopes?.join("+") ?? "default"}`, ...(scopes ? { scopes } : {}) }));
    expect(response.status, await response.clone().text()).toBe(201);
    const { token, apiToken } = (await response.json()) as { token: string; apiToken: ApiTokenDto };
    const call = (pathname: string, init: RequestInit = {}) => app.anonymous(pathname, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` } });
    return { token, apiToken, call };
  }

  beforeAll(async () => {
    app = await startTestApp("embedded");
    session = await app.signIn();
    const done = await uploadFile(app, { name: "kept.png", type: "image/png", bytes: await makeImage("png", 24, 24, 3) });
    expect(done.complete.status).toBe(201);
    imageId = done.id;
  });
  afterAll(async () => {
    await app?.close();
  });

  describe("choosing and listing scopes", () => {
    it("token created without scopes: gets upload and read", async () => {
      const { apiToken } = await tokenWith();
      expect(apiToken.scopes).toEqual(["upload", "read"]);
    });

    it("token list: shows each token's scopes, in one order", async () => {
      const { apiToken } = await tokenWith(["share", "read", "share"]);
      const { tokens } = (await (await session("/api/tokens")).json()) as { tokens: ApiTokenDto[] };
      expect(tokens.find((item) => item.id === apiToken.id)?.scopes).toEqual(["read", "share"]);
    });

    it("token with an empty or unknown scope list: 400 bad_request", async () => {
      await expectError(await session("/api/tokens", json({ name: "none", scopes: [] })), 400, "bad_request");
      await expectError(await session("/api/tokens", json({ name: "admin", scopes: ["admin"] })), 400, "bad_request");
    });

    it("token made before scopes existed: has all four", async () => {
      const token = `pbt_${"legacy".padEnd(43, "x")}`;
      const id = newId();
      // The row as the code before scopes wrote it: no scopes column named.
      await app.runtime.db.execute(
        sql`INSERT INTO api_tokens (id, user_id, name, token_hash, token_prefix, created_at) VALUES (${id}, ${app.user.id}, 'legacy', ${hashSecret(token)}, 'pbt_leg', now())`,
      );
      const { tokens } = (await (await session("/api/tokens")).json()) as { tokens: ApiTokenDto[] };
      expect(tokens.find((item) => item.id === id)?.scopes).toEqual(["upload", "read", "delete", "share"]);
      expect((await app.anonymous("/api/images", { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    });
  });

  describe("outside its scopes", () => {
    it("token without delete, deleting an image: 403 forbidden naming delete", async () => {
      const { call } = await tokenWith(["upload", "read", "share"]);
      const one = await expectError(await call(`/api/images/${imageId}`, { method: "DELETE" }), 403, "forbidden");
      expect(one.error.message).toContain("'delete'");
      await expectError(await call("/api/images/delete", json({ ids: [imageId] })), 403, "forbidden");
      expect((await app.api(`/api/images/${imageId}`)).status).toBe(200);
    });

    it("token with delete only, deleting an unknown image: 404 (the scope lets it through)", async () => {
      const { call } = await tokenWith(["delete"]);
      await expectError(await call("/api/images/not-an-image", { method: "DELETE" }), 404, "not_found");
      expect(await (await call("/api/images/delete", json({ ids: ["not-an-image"] }))).json()).toEqual({ deleted: 0 });
    });

    it("token without share, creating a share: 403 forbidden naming share", async () => {
      const { call } = await tokenWith(["upload", "read", "delete"]);
      const body = await expectError(await call("/api/shares", json({ imageIds: [imageId], expiresIn: "1h" })), 403, "forbidden");
      expect(body.error.message).toContain("'share'");
      await expectError(await call("/api/shares"), 403, "forbidden");
    });

    it("token with share, creating a share: 201", async () => {
      const { call } = await tokenWith(["share"]);
      expect((await call("/api/shares", json({ imageIds: [imageId], expiresIn: "1h" }))).status).toBe(201);
    });

    it("read-only token, signing uploads: 403 forbidden naming upload", async () => {
      const { call } = await tokenWith(["read"]);
      const body = await expectError(await signUploads({ api: call }, [{ name: "a.png", type: "image/png", size: 100 }]), 403, "forbidden");
      expect(body.error.message).toContain("'upload'");
      await expectError(await call("/api/uploads/some-id/complete", json({})), 403, "forbidden");
      await expectError(await call("/api/uploads/some-id/parts", json({ partNumbers: [1] })), 403, "forbidden");
      await expectError(await call("/api/uploads/some-id", { method: "DELETE" }), 403, "forbidden");
      expect((await call("/api/images")).status).toBe(200);
    });

    it("upload-only token, listing or opening images: 403 forbidden naming read", async () => {
      const { call } = await tokenWith(["upload"]);
      const body = await expectError(await call("/api/images"), 403, "forbidden");
      expect(body.error.message).toContain("'read'");
      await expectError(await call(`/api/images/${imageId}`), 403, "forbidden");
      await expectError(await call(`/api/images/${imageId}/download`), 403, "forbidden");
    });
  });

  describe("never with a token", () => {
    it("token with every scope, creating a token: 403 forbidden", async () => {
      const body = await expectError(await app.api("/api/tokens", json({ name: "minted", scopes: ["upload"] })), 403, "forbidden");
      expect(body.error.message).toContain("API token");
      await expectError(await app.api("/api/tokens"), 403, "forbidden");
      const { apiToken } = await tokenWith(["read"]);
      await expectError(await app.api(`/api/tokens/${apiToken.id}`, { method: "DELETE" }), 403, "forbidden");
    });

    it("admin's token with every scope, managing users or invites: 403 forbidden", async () => {
      await expectError(await app.api("/api/users"), 403, "forbidden");
      await expectError(await app.api("/api/users", json({ email: "minted@example.test", name: "Minted", password: "password123" })), 403, "forbidden");
      await expectError(await app.api(`/api/users/${app.user.id}`, json({ disabled: true }, "PATCH")), 403, "forbidden");
      await expectError(await app.api("/api/invites", json({ role: "admin" })), 403, "forbidden");
      const { users } = (await (await session("/api/users")).json()) as { users: { email: string }[] };
      expect(users.map((user) => user.email)).not.toContain("minted@example.test");
    });

    it("signed-in session: manages tokens and deletes (every scope)", async () => {
      const { apiToken } = await tokenWith(["read"]);
      expect((await session(`/api/tokens/${apiToken.id}`, { method: "DELETE" })).status).toBe(204);
      expect((await session("/api/images/delete", json({ ids: ["not-an-image"] }))).status).toBe(200);
    });
  });

  it("CLI with a default token (upload and read): uploads a folder, exit 0", async () => {
    const { token } = await tokenWith();
    const dir = await mkdtemp(path.join(tmpdir(), "pixbucket-scopes-"));
    try {
      await writeFile(path.join(dir, "one.png"), await makeImage("png", 32, 32, 11));
      await writeFile(path.join(dir, "two.jpg"), await makeImage("jpeg", 32, 32, 12));
      const result = await runCli(["upload", dir, "--server", app.origin, "--token", token]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^Uploaded 2 of 2 files/m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
