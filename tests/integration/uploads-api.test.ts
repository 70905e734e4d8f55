import { Readable } from "node:stream";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { images, uploads } from "@/server/db/schema";
import { CURRENT_METADATA_VERSION } from "@/server/images/metadata-version";
import { asBody, makeImage, makePixelFlood, makeRotatedJpeg, md5Base64, sha256Hex } from "../fixtures/images";
import { makeRealPhoto } from "../fixtures/real-photos";
import { expectError, type ErrorBody } from "../helpers/expect-error";
import { listRouteFiles } from "../helpers/route-table";
import { startTestApp, type TestApp } from "../helpers/test-app";
import { signUploads, storedKeys, uploadFile } from "../helpers/upload-client";

describe.each(["embedded", "s3"] as const)("uploads API on the %s stack", (stack) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(stack);
  });
  afterAll(async () => {
    await app?.close();
  });

  async function imageRowCount(): Promise<number> {
    const [row] = await app.runtime.db.select({ n: count() }).from(images);
    return row!.n;
  }

  /** A refused upload leaves no object, no thumbnail and no image row. */
  async function expectNothingLeftFor(uploadId: string): Promise<void> {
    expect((await storedKeys(app)).filter((key) => key.includes(uploadId))).toEqual([]);
    const rows = await app.runtime.db.select().from(images);
    expect(rows.filter((row) => row.id === uploadId)).toEqual([]);
  }

  describe("POST /api/uploads", () => {
    const post = (body: string) => app.api("/api/uploads", { method: "POST", headers: { "Content-Type": "application/json" }, body });

    it("answers 400 for bad JSON, missing fields, a size that is not a number, 0 or 101 files", async () => {
      await expectError(await post("{not json"), 400, "bad_request");
      await expectError(await post(""), 400, "bad_request");
      await expectError(await post(JSON.stringify({})), 400, "bad_request");
      await expectError(await post(JSON.stringify({ files: [{ name: "a.png", type: "image/png" }] })), 400, "bad_request");
      await expectError(await post(JSON.stringify({ files: [{ name: "a.png", type: "image/png", size: "12" }] })), 400, "bad_request");
      await expectError(await post(JSON.stringify({ files: [{ name: "a.png", type: "image/png", size: 1.5 }] })), 400, "bad_request");
      await expectError(await post(JSON.stringify({ files: [{ name: "a.png", type: "image/png", size: 10, md5: "nope" }] })), 400, "bad_request");
      await expectError(await post(JSON.stringify({ files: [] })), 400, "bad_request");
      const tooMany = Array.from({ length: 101 }, (_, index) => ({ name: `${index}.png`, type: "image/png", size: 10 }));
      const body = await expectError(await post(JSON.stringify({ files: tooMany })), 400, "bad_request");
      expect(body.error.message).toContain("100");
      const [pending] = await app.runtime.db.select({ n: count() }).from(uploads);
      expect(pending!.n).toBe(0);
    });

    it("refuses per file: empty, 50 TiB, SVG, an executable — and signs the good one in the same batch", async () => {
      const response = await signUploads(app, [
        { name: "empty.png", type: "image/png", size: 0 },
        { name: "negative.png", type: "image/png", size: -5 },
        { name: "huge.png", type: "image/png", size: 50 * 1024 ** 4 },
        { name: "logo.svg", type: "image/svg+xml", size: 100 },
        { name: "setup.exe", type: "application/x-msdownload", size: 100 },
        { name: "ok.png", type: "image/png", size: 100, md5: md5Base64(Buffer.alloc(100)) },
      ]);
      expect(response.status).toBe(200);
      const { uploads: entries } = (await response.json()) as { uploads: (ErrorBody | { id: string; url: string; headers: Record<string, string>; expiresAt: string; method: string })[] };
      expect(entries.map((entry) => ("error" in entry ? entry.error.code : "signed"))).toEqual([
        "bad_request",
        "bad_request",
        "too_large",
        "unsupported_type",
        "unsupported_type",
        "signed",
      ]);
      const signed = entries[5] as { id: string; url: string; headers: Record<string, string>; expiresAt: string; method: string };
      expect(signed.method).toBe("PUT");
      expect(signed.headers["Content-Type"]).toBe("image/png");
      expect(new Date(signed.expiresAt).getTime()).toBeGreaterThan(Date.now() + 500_000);
      // The key is the server's: no trace of the client's file name in the URL.
      expect(signed.url).not.toContain("ok.png");
      const [row] = await app.runtime.db.select({ n: count() }).from(uploads);
      expect(row!.n).toBe(1);
    });
  });

  describe("the presigned URL from the API", () => {
    it("refuses a body of a different length, and different bytes of the same length when an MD5 was declared", async () => {
      const bytes = await makeImage("png", 32, 32, 2);
      const response = await signUploads(app, [{ name: "a.png", type: "image/png", size: bytes.length, md5: md5Base64(bytes) }]);
      const [entry] = ((await response.json()) as { uploads: { id: string; url: string; headers: Record<string, string> }[] }).uploads;
      const longer = await fetch(entry!.url, { method: "PUT", headers: entry!.headers, body: asBody(Buffer.concat([bytes, Buffer.from("x")])) });
      expect(longer.status).toBeGreaterThanOrEqual(400);
      const tampered = Buffer.from(bytes);
      tampered[tampered.length - 20] = (tampered[tampered.length - 20] ?? 0) ^ 0xff;
      const sameLength = await fetch(entry!.url, { method: "PUT", headers: entry!.headers, body: asBody(tampered) });
      expect(sameLength.status).toBe(400);
      await expectError(await app.api(`/api/uploads/${entry!.id}/complete`, { method: "POST" }), 409, "conflict");
      const good = await fetch(entry!.url, { method: "PUT", headers: entry!.headers, body: asBody(bytes) });
      expect(good.status).toBe(200);
    });
  });

  describe("POST /api/uploads/{id}/complete", () => {
    it("verifies, records SHA-256 and dimensions, writes a thumbnail, and indexes the image", async () => {
      const bytes = await makeImage("jpeg", 800, 600, 3);
      const { id, complete } = await uploadFile(app, { name: "Sommer am Meer.jpg", type: "image/jpeg", bytes });
      expect(complete.status).toBe(201);
      const { image } = (await complete.json()) as { image: Record<string, unknown> };
      expect(image).toMatchObject({ id, name: "Sommer am Meer.jpg", type: "image/jpeg", size: bytes.length, width: 800, height: 600 });
      expect(typeof image.url).toBe("string");
      expect(typeof image.thumbnailUrl).toBe("string");
      const [row] = await app.runtime.db.select().from(images);
      expect(row!.checksum).toBe(sha256Hex(bytes));

      const thumbnail = await fetch(image.thumbnailUrl as string);
      expect(thumbnail.status).toBe(200);
      expect(thumbnail.headers.get("content-type")).toBe("image/webp");
      const sharp = (await import("sharp")).default;
      const thumbMeta = await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata();
      expect(thumbMeta).toMatchObject({ format: "webp", width: 400, height: 300 });

      const original = await fetch(image.url as string);
      expect(original.headers.get("content-type")).toBe("image/jpeg");
      expect(original.headers.get("content-disposition")).toMatch(/^inline;/);
      expect(sha256Hex(Buffer.from(await original.arrayBuffer()))).toBe(sha256Hex(bytes));
    });

    it("answers 409 when completed twice, 404 for an unknown id", async () => {
      const { id, complete } = await uploadFile(app, { name: "twice.png", type: "image/png", bytes: await makeImage("png", 20, 20, 4) });
      expect(complete.status).toBe(201);
      await expectError(await app.api(`/api/uploads/${id}/complete`, { method: "POST" }), 409, "conflict");
      await expectError(await app.api(`/api/uploads/does-not-exist/complete`, { method: "POST" }), 404, "not_found");
    });

    it("answers 409 before any bytes arrived, and the upload can still finish afterwards", async () => {
      const bytes = await makeImage("webp", 30, 30, 5);
      const response = await signUploads(app, [{ name: "later.webp", type: "image/webp", size: bytes.length, md5: md5Base64(bytes) }]);
      const [entry] = ((await response.json()) as { uploads: { id: string; url: string; headers: Record<string, string> }[] }).uploads;
      await expectError(await app.api(`/api/uploads/${entry!.id}/complete`, { method: "POST" }), 409, "conflict");
      expect((await fetch(entry!.url, { method: "PUT", headers: entry!.headers, body: asBody(bytes) })).status).toBe(200);
      expect((await app.api(`/api/uploads/${entry!.id}/complete`, { method: "POST" })).status).toBe(201);
    });

    it("stores a PNG declared as JPEG as a PNG", async () => {
      const bytes = await makeImage("png", 40, 30, 6);
      const { complete } = await uploadFile(app, { name: "really-a.png.jpg", type: "image/jpeg", bytes });
      expect(complete.status).toBe(201);
      const { image } = (await complete.json()) as { image: { type: string; url: string } };
      expect(image.type).toBe("image/png");
      expect((await fetch(image.url)).headers.get("content-type")).toBe("image/png");
    });

    it("applies EXIF orientation to the recorded dimensions", async () => {
      const { complete } = await uploadFile(app, { name: "portrait.jpg", type: "image/jpeg", bytes: await makeRotatedJpeg() });
      expect(complete.status).toBe(201);
      const { image } = (await complete.json()) as { image: { width: number; height: number } };
      expect({ width: image.width, height: image.height }).toEqual({ width: 48, height: 64 });
    });

    it("records when a real photo was taken from its EXIF, and null when it says nothing", async () => {
      const withDate = await makeRealPhoto({ width: 640, height: 480, takenAt: new Date("2018-05-20T07:15:00Z") });
      const dated = await uploadFile(app, { name: "dated.jpg", type: "image/jpeg", bytes: withDate });
      expect(dated.complete.status).toBe(201);
      const { image } = (await dated.complete.json()) as { image: { takenAt: string | null } };
      expect(image.takenAt).toBe("2018-05-20T07:15:00.000Z");
      const undated = await uploadFile(app, { name: "undated.jpg", type: "image/jpeg", bytes: await makeRealPhoto({ source: 1, width: 640, height: 480 }) });
      expect(((await undated.complete.json()) as { image: { takenAt: string | null } }).image.takenAt).toBeNull();
      const rows = (await app.runtime.db.select().from(images)).filter((row) => row.id === dated.id || row.id === undated.id);
      expect(rows.map((row) => row.metadataVersion)).toEqual([CURRENT_METADATA_VERSION, CURRENT_METADATA_VERSION]);
    });

    it.each([
      ["text bytes under an image type", "notes.png", "image/png", async () => Buffer.from("just some text, certainly not a picture ".repeat(20))],
      ["a truncated JPEG", "cut.jpg", "image/jpeg", async () => (await makeImage("jpeg", 600, 400, 8)).subarray(0, 6000)],
      ["a pixel flood", "bomb.png", "image/png", makePixelFlood],
      ["an HTML page named .png", "page.png", "image/png", async () => Buffer.from("<!doctype html><html><script>alert(1)</script></html>")],
    ])("refuses %s with 422 and leaves nothing behind", async (_what, name, type, make) => {
      const before = await imageRowCount();
      const { id, complete } = await uploadFile(app, { name, type, bytes: await make() });
      const body = await expectError(complete, 422, "invalid_image");
      expect(body.error.message).not.toMatch(/vips|sharp|Error:/);
      await expectNothingLeftFor(id);
      expect(await imageRowCount()).toBe(before);
      const [upload] = (await app.runtime.db.select().from(uploads)).filter((row) => row.id === id);
      expect(upload!.status).toBe("rejected");
      await expectError(await app.api(`/api/uploads/${id}/complete`, { method: "POST" }), 409, "conflict");
    });
  });

  it("refuses bytes that reached the key without its URL when they differ from the declared MD5", async () => {
    const bytes = await makeImage("png", 40, 30, 21);
    const signed = await signUploads(app, [{ name: "swapped.png", type: "image/png", size: bytes.length, md5: md5Base64(bytes) }]);
    const [entry] = ((await signed.json()) as { uploads: { id: string }[] }).uploads;
    const [upload] = (await app.runtime.db.select().from(uploads)).filter((row) => row.id === entry!.id);
    // Same length, one byte changed: only the MD5 can tell.
    const other = Buffer.from(bytes);
    other[other.length - 20]! ^= 0xff;
    await app.runtime.storage.put(upload!.key, other, "image/png");
    const body = await expectError(await app.api(`/api/uploads/${entry!.id}/complete`, { method: "POST" }), 422, "invalid_image");
    expect(body.error.message).toContain("MD5");
    await expectNothingLeftFor(entry!.id);
  });

  it("answers 503 when storage breaks off while the upload is read back, keeps it pending, and a second complete succeeds", async () => {
    const bytes = await makeImage("png", 40, 30, 31);
    const signed = await signUploads(app, [{ name: "flaky.png", type: "image/png", size: bytes.length, md5: md5Base64(bytes) }]);
    const [entry] = ((await signed.json()) as { uploads: { id: string; url: string; method: string; headers: Record<string, string> }[] }).uploads;
    expect((await fetch(entry!.url, { method: entry!.method, headers: entry!.headers, body: asBody(bytes) })).status).toBe(200);

    // The next read of the object breaks off half way, as a dropped storage connection would.
    const storage = app.runtime.storage;
    const openRead = storage.openRead.bind(storage);
    storage.openRead = async (key) => {
      storage.openRead = openRead;
      const opened = await openRead(key);
      if (!opened) return null;
      opened.body.destroy();
      const half = bytes.subarray(0, bytes.length / 2);
      const broken = Readable.from(
        (async function* () {
          yield half;
          throw new Error("Premature close"); // no error code: only the verify step knows what it means
        })(),
      );
      return { ...opened, body: broken };
    };
    const first = await app.api(`/api/uploads/${entry!.id}/complete`, { method: "POST" });
    expect((await expectError(first, 503, "unavailable")).error.message).toContain("nothing was lost");
    const [pending] = (await app.runtime.db.select().from(uploads)).filter((row) => row.id === entry!.id);
    expect(pending!.status).toBe("pending");
    expect((await storedKeys(app)).filter((key) => key.includes(entry!.id))).toHaveLength(1); // the original, untouched

    const second = await app.api(`/api/uploads/${entry!.id}/complete`, { method: "POST" });
    expect(second.status).toBe(201);
    const [row] = (await app.runtime.db.select().from(images)).filter((image) => image.id === entry!.id);
    expect(row!.checksum).toBe(sha256Hex(bytes));
  });

  describe("images", () => {
    let ids: string[] = [];

    beforeAll(async () => {
      // A clean slate for ordering checks: remove what earlier tests indexed.
      const existing = await app.runtime.db.select({ id: images.id }).from(images);
      if (existing.length > 0) {
        await app.api("/api/images/delete", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ ids: existing.map((row) => row.id) }) });
      }
      ids = [];
      for (let index = 0; index < 5; index += 1) {
        const { id, complete } = await uploadFile(app, { name: `photo-${index}.png`, type: "image/png", bytes: await makeImage("png", 16, 16, 100 + index) });
        expect(complete.status).toBe(201);
        ids.push(id);
      }
    });

    it("lists newest first with keyset pages", async () => {
      const first = (await (await app.api("/api/images?limit=2")).json()) as { images: { id: string }[]; nextCursor: string | null };
      expect(first.images.map((image) => image.id)).toEqual([ids[4], ids[3]]);
      expect(first.nextCursor).toBeTruthy();
      const second = (await (await app.api(`/api/images?limit=2&cursor=${first.nextCursor}`)).json()) as typeof first;
      expect(second.images.map((image) => image.id)).toEqual([ids[2], ids[1]]);
      const third = (await (await app.api(`/api/images?limit=2&cursor=${second.nextCursor}`)).json()) as typeof first;
      expect(third.images.map((image) => image.id)).toEqual([ids[0]]);
      expect(third.nextCursor).toBeNull();
      const searched = (await (await app.api("/api/images?q=photo-3")).json()) as typeof first;
      expect(searched.images.map((image) => image.id)).toEqual([ids[3]]);
    });

    it("answers 400 for a bad cursor or limit", async () => {
      await expectError(await app.api("/api/images?cursor=garbage"), 400, "bad_request");
      await expectError(await app.api("/api/images?limit=0"), 400, "bad_request");
      await expectError(await app.api("/api/images?limit=201"), 400, "bad_request");
      await expectError(await app.api("/api/images?limit=ten"), 400, "bad_request");
    });

    it("gets one image, 404 for unknown", async () => {
      const response = await app.api(`/api/images/${ids[0]}`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { image: { name: string } }).image.name).toBe("photo-0.png");
      await expectError(await app.api("/api/images/nope"), 404, "not_found");
    });

    it("download redirects to an attachment with the original file name", async () => {
      const response = await app.api(`/api/images/${ids[1]}/download`, { redirect: "manual" });
      expect(response.status).toBe(302);
      const location = response.headers.get("location")!;
      const file = await fetch(location);
      expect(file.status).toBe(200);
      expect(file.headers.get("content-disposition")).toContain('attachment; filename="photo-1.png"');
      await expectError(await app.api("/api/images/nope/download", { redirect: "manual" }), 404, "not_found");
    });

    it("deletes one image with its thumbnail and row, then 404s", async () => {
      const keysBefore = (await storedKeys(app)).filter((key) => key.includes(ids[0]!));
      expect(keysBefore).toHaveLength(2);
      expect((await app.api(`/api/images/${ids[0]}`, { method: "DELETE" })).status).toBe(204);
      await expectNothingLeftFor(ids[0]!);
      await expectError(await app.api(`/api/images/${ids[0]}`, { method: "DELETE" }), 404, "not_found");
    });

    it("bulk-deletes a selection and reports how many went", async () => {
      const post = (body: unknown) => app.api("/api/images/delete", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      await expectError(await post({ ids: [] }), 400, "bad_request");
      await expectError(await post({}), 400, "bad_request");
      const response = await post({ ids: [ids[1], ids[2], "unknown-id"] });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ deleted: 2 });
      await expectNothingLeftFor(ids[1]!);
      await expectNothingLeftFor(ids[2]!);
      const remaining = (await (await app.api("/api/images")).json()) as { images: { id: string }[] };
      expect(remaining.images.map((image) => image.id)).toEqual([ids[4], ids[3]]);
      // Storage holds exactly the remaining originals and thumbnails of this batch.
      const batchKeys = (await storedKeys(app)).filter((key) => ids.some((id) => key.includes(id)));
      expect(batchKeys).toHaveLength(4);
    });
  });

  it("answers an unknown id with a 404 JSON error on every route that takes one (walks every route file)", async () => {
    // A body each route accepts, so the request gets past validation to the lookup.
    const validBodies: Record<string, unknown> = {
      "POST /api/uploads/[id]/parts": { partNumbers: [1] },
      "POST /api/albums/[id]/images": { imageIds: ["an-image"] },
      "POST /api/albums/[id]/images/remove": { imageIds: ["an-image"] },
      "PATCH /api/albums/[id]": { name: "Renamed" },
      "PATCH /api/users/[id]": { disabled: false },
      "POST /api/invites/[token]/accept": { email: "nobody@example.test", name: "Nobody", password: "long enough password" },
      "POST /api/public/shares/[token]/unlock": { password: "a password" },
    };
    const session = await app.signIn(); // tokens, users and invites take a session, not a token
    const checked: string[] = [];
    for (const route of listRouteFiles()) {
      // The auth library's routes and the local driver's signed URLs have no ids of ours.
      if (!/\[(id|token)\]/.test(route.pattern) || route.pattern.startsWith("/api/auth/") || route.pattern.startsWith("/api/storage/")) continue;
      const handlers = (await import(route.file)) as Record<string, unknown>;
      for (const method of ["GET", "POST", "PATCH", "DELETE"].filter((name) => typeof handlers[name] === "function")) {
        const body = method === "GET" || method === "DELETE" ? undefined : JSON.stringify(validBodies[`${method} ${route.pattern}`] ?? {});
        const path = route.pattern.replace(/\[(id|token)\]/, "no-such-id-0123456789");
        const response = await session(path, { method, headers: { "Content-Type": "application/json" }, body, redirect: "manual" });
        expect(response.headers.get("content-type"), `${method} ${route.pattern}`).toMatch(/^application\/json/);
        await expectError(response, 404, "not_found");
        checked.push(`${method} ${route.pattern}`);
      }
    }
    expect(checked).toEqual(expect.arrayContaining(["POST /api/uploads/[id]/complete", "DELETE /api/images/[id]", "PATCH /api/users/[id]", "GET /api/public/shares/[token]"]));
  });
});
