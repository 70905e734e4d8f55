import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlbumDto } from "@/contract/albums";
import { makeRealPhoto } from "../fixtures/real-photos";
import { expectError } from "../helpers/expect-error";
import { startTestApp, type TestApp, type TestUser } from "../helpers/test-app";
import { uploadFile } from "../helpers/upload-client";

type Album = AlbumDto;

const send = (method: string, body?: unknown): RequestInit => ({ method, headers: { "Content-Type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

describe.each(["embedded", "s3"] as const)("albums on the %s stack", (stack) => {
  let app: TestApp;
  let owner: TestUser;
  let photoIds: string[];

  beforeAll(async () => {
    app = await startTestApp(stack, { PIXBUCKET_SWEEP_INTERVAL_SECONDS: "0" });
    owner = await app.createUser();
    photoIds = [];
    for (let index = 0; index < 4; index += 1) {
      const { id, complete } = await uploadFile(owner, { name: `trip-${index}.jpg`, type: "image/jpeg", bytes: await makeRealPhoto({ source: 20 + index, width: 640, height: 480 }) });
      expect(complete.status).toBe(201);
      photoIds.push(id);
    }
  }, 60_000);
  afterAll(() => app?.close());

  async function createAlbum(user: TestUser, name: string): Promise<Album> {
    const response = await user.api("/api/albums", send("POST", { name }));
    expect(response.status).toBe(201);
    return ((await response.json()) as { album: Album }).album;
  }
  const albumOf = async (user: TestUser, id: string) => ((await (await user.api(`/api/albums/${id}`)).json()) as { album: Album }).album;
  const idsIn = async (user: TestUser, albumId: string, extra = "") =>
    ((await (await user.api(`/api/images?album=${albumId}${extra}`)).json()) as { images: { id: string }[] }).images.map((image) => image.id);

  it("create, add, list, rename, pick a cover, remove, delete — the images stay", async () => {
    const album = await createAlbum(owner, "  Summer  ");
    expect(album).toMatchObject({ name: "Summer", imageCount: 0, coverThumbnailUrl: null });

    const added = await owner.api(`/api/albums/${album.id}/images`, send("POST", { imageIds: [photoIds[0], photoIds[1], photoIds[2], photoIds[0], "no-such-image"] }));
    expect(await added.json()).toEqual({ added: 3 });
    expect(await (await owner.api(`/api/albums/${album.id}/images`, send("POST", { imageIds: [photoIds[1]] }))).json()).toEqual({ added: 0 }); // already there
    expect((await albumOf(owner, album.id)).imageCount).toBe(3);
    expect((await albumOf(owner, album.id)).coverThumbnailUrl).toEqual(expect.any(String));

    // The album's page: the same listing, sorts and search as the gallery.
    expect((await idsIn(owner, album.id)).sort()).toEqual([photoIds[0], photoIds[1], photoIds[2]].sort());
    expect(await idsIn(owner, album.id, "&q=trip-1")).toEqual([photoIds[1]]);
    const byName = await idsIn(owner, album.id, "&sort=name");
    expect(byName).toEqual([photoIds[0], photoIds[1], photoIds[2]]);
    const firstPage = (await (await owner.api(`/api/images?album=${album.id}&limit=2`)).json()) as { images: { id: string }[]; nextCursor: string };
    expect(firstPage.images).toHaveLength(2);
    await expectError(await owner.api(`/api/images?limit=2&cursor=${firstPage.nextCursor}`), 400, "bad_request"); // a cursor from the album's listing

    const renamed = await owner.api(`/api/albums/${album.id}`, send("PATCH", { name: "Summer 2026", coverImageId: photoIds[2] }));
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as { album: Album }).album).toMatchObject({ name: "Summer 2026" });
    await expectError(await owner.api(`/api/albums/${album.id}`, send("PATCH", { coverImageId: photoIds[3] })), 400, "bad_request"); // not in the album
    await expectError(await owner.api(`/api/albums/${album.id}`, send("PATCH", {})), 400, "bad_request");

    expect(await (await owner.api(`/api/albums/${album.id}/images/remove`, send("POST", { imageIds: [photoIds[2], photoIds[3]] }))).json()).toEqual({ removed: 1 });
    expect((await albumOf(owner, album.id)).imageCount).toBe(2);

    const listed = ((await (await owner.api("/api/albums")).json()) as { albums: Album[] }).albums;
    expect(listed.map((entry) => entry.id)).toContain(album.id);

    expect((await owner.api(`/api/albums/${album.id}`, send("DELETE"))).status).toBe(204);
    await expectError(await owner.api(`/api/albums/${album.id}`), 404, "not_found");
    for (const id of photoIds) expect((await owner.api(`/api/images/${id}`)).status).toBe(200);
  });

  it("another account's album is 404 everywhere, and its images cannot be slipped in", async () => {
    const album = await createAlbum(owner, "Private");
    const other = await app.createUser();
    await expectError(await other.api(`/api/albums/${album.id}`), 404, "not_found");
    await expectError(await other.api(`/api/albums/${album.id}`, send("PATCH", { name: "Mine now" })), 404, "not_found");
    await expectError(await other.api(`/api/albums/${album.id}`, send("DELETE")), 404, "not_found");
    await expectError(await other.api(`/api/albums/${album.id}/images`, send("POST", { imageIds: [photoIds[0]] })), 404, "not_found");
    await expectError(await other.api(`/api/albums/${album.id}/images/remove`, send("POST", { imageIds: [photoIds[0]] })), 404, "not_found");
    await expectError(await other.api(`/api/images?album=${album.id}`), 404, "not_found");
    await expectError(await other.api("/api/shares", send("POST", { albumId: album.id, expiresIn: "1h" })), 404, "not_found");
    expect(((await (await other.api("/api/albums")).json()) as { albums: Album[] }).albums).toEqual([]);

    // Their own album cannot take the owner's images.
    const theirs = await createAlbum(other, "Theirs");
    expect(await (await other.api(`/api/albums/${theirs.id}/images`, send("POST", { imageIds: photoIds }))).json()).toEqual({ added: 0 });
  });

  it("bad input is a 400: no name, a long name, too many ids, both imageIds and albumId on a share", async () => {
    await expectError(await owner.api("/api/albums", send("POST", { name: "   " })), 400, "bad_request");
    await expectError(await owner.api("/api/albums", send("POST", { name: "x".repeat(201) })), 400, "bad_request");
    const album = await createAlbum(owner, "Limits");
    await expectError(await owner.api(`/api/albums/${album.id}/images`, send("POST", { imageIds: Array.from({ length: 501 }, (_, index) => `id-${index}`) })), 400, "bad_request");
    await expectError(await owner.api(`/api/albums/${album.id}/images`, send("POST", { imageIds: [] })), 400, "bad_request");
    await expectError(await owner.api("/api/shares", send("POST", { albumId: album.id, imageIds: [photoIds[0]], expiresIn: "1h" })), 400, "bad_request");
  });

  it("an album's share link is live: an image added after the link was made appears, a removed one vanishes", async () => {
    const album = await createAlbum(owner, "Shared trip");
    await owner.api(`/api/albums/${album.id}/images`, send("POST", { imageIds: [photoIds[0], photoIds[1]] }));
    const created = await owner.api("/api/shares", send("POST", { albumId: album.id, expiresIn: "1d" }));
    expect(created.status).toBe(201);
    const { token, share } = (await created.json()) as { token: string; share: { imageCount: number } };
    expect(share.imageCount).toBe(2);
    const shownNames = async () => {
      const response = await fetch(`${app.origin}/api/public/shares/${token}`);
      expect(response.status).toBe(200);
      // Added together, images tie on their time of addition: compare as sets.
      return ((await response.json()) as { share: { images: { name: string }[] } }).share.images.map((image) => image.name).sort();
    };
    expect(await shownNames()).toEqual(["trip-0.jpg", "trip-1.jpg"]);

    await owner.api(`/api/albums/${album.id}/images`, send("POST", { imageIds: [photoIds[3]] }));
    await owner.api(`/api/albums/${album.id}/images/remove`, send("POST", { imageIds: [photoIds[0]] }));
    expect(await shownNames()).toEqual(["trip-1.jpg", "trip-3.jpg"]);
    const listed = ((await (await owner.api("/api/shares")).json()) as { shares: { imageCount: number }[] }).shares;
    expect(listed[0]!.imageCount).toBe(2);

    // Deleting the album ends its link.
    expect((await owner.api(`/api/albums/${album.id}`, send("DELETE"))).status).toBe(204);
    expect((await fetch(`${app.origin}/api/public/shares/${token}`)).status).toBe(404);
  });
});
