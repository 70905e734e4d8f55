import { afterEach, describe, expect, it, vi } from "vitest";
import type { SignedPartUrl } from "@/client/api-client";
import { PartSigner } from "../../src/components/uploader/part-signer";

afterEach(() => {
  vi.useRealTimers();
});

/** A fake POST /api/uploads/{id}/parts recording each batch; URLs carry a serial so re-signing is visible. */
function fakeServer(lifetimeSeconds: number) {
  const batches: number[][] = [];
  let serial = 0;
  const sign = vi.fn(async (partNumbers: number[]): Promise<SignedPartUrl[]> => {
    batches.push([...partNumbers]);
    const expiresAt = new Date(Date.now() + lifetimeSeconds * 1000).toISOString();
    return [...new Set(partNumbers)].map((partNumber) => ({ partNumber, url: `/api/storage/k?partNumber=${partNumber}&s=${(serial += 1)}`, expiresAt }));
  });
  return { sign, batches };
}

const baseUrl = "http://127.0.0.1:3100/upload";

describe("PartSigner", () => {
  it("signs parts asked for together in one request and resolves relative URLs", async () => {
    const server = fakeServer(600);
    const signer = new PartSigner({ uploadId: "u1", partCount: 3, sign: server.sign, baseUrl, lookahead: 0 });
    const urls = await Promise.all([1, 2, 3].map((partNumber) => signer.get(partNumber)));
    expect(server.batches).toEqual([[1, 2, 3]]);
    expect(urls.map((url) => url.partNumber)).toEqual([1, 2, 3]);
    expect(urls[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:3100\/api\/storage\/k\?partNumber=1&/);
  });

  it("signs the next parts ahead in the first batch, and serves them from it", async () => {
    const server = fakeServer(600);
    const signer = new PartSigner({ uploadId: "u1", partCount: 12, sign: server.sign, baseUrl, lookahead: 4 });
    await signer.get(1); // lifetime not known yet: signed ahead anyway
    expect(server.batches).toEqual([[1, 2, 3, 4, 5]]);
    await signer.get(2);
    await signer.get(3);
    expect(server.batches).toHaveLength(1);
  });

  it("refills before the ready URLs run out, so the next part never waits", async () => {
    const server = fakeServer(600);
    const signer = new PartSigner({ uploadId: "u1", partCount: 12, sign: server.sign, baseUrl, lookahead: 4 });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 50)); // past the batching window
    await signer.get(1); // 1 plus 2..5
    await signer.get(2);
    await signer.get(3); // 4 and 5 still ready after it: half the lookahead, enough
    await settle();
    expect(server.batches).toHaveLength(1);
    await signer.get(4); // only 5 left ready: 6..9 are signed now, while 4 is sent
    await settle();
    expect(server.batches).toEqual([
      [1, 2, 3, 4, 5],
      [6, 7, 8, 9],
    ]);
    for (const partNumber of [5, 6, 7, 8, 9, 10, 11, 12]) await signer.get(partNumber);
    const signed = server.batches.flat();
    expect(signed.toSorted((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]); // each part once
  });

  it("does not sign ahead parts storage already holds", async () => {
    const server = fakeServer(600);
    const signer = new PartSigner({ uploadId: "u1", partCount: 6, sign: server.sign, baseUrl, lookahead: 4 });
    signer.markUploaded([2, 3]);
    await signer.get(1);
    expect(server.batches).toEqual([[1, 4, 5, 6]]);
  });

  it("signs only on demand once URLs turn out short-lived", async () => {
    const server = fakeServer(3);
    const signer = new PartSigner({ uploadId: "u1", partCount: 8, sign: server.sign, baseUrl, lookahead: 2 });
    await signer.get(1); // lifetime unknown: 2 and 3 come along, once
    await signer.get(4);
    await signer.get(5);
    expect(server.batches).toEqual([[1, 2, 3], [4], [5]]);
  });

  it("asks again for a fresh URL, and for a cached one close to expiry", async () => {
    vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"] });
    const server = fakeServer(600);
    const signer = new PartSigner({ uploadId: "u1", partCount: 10, sign: server.sign, baseUrl, lookahead: 3, windowMs: 0 });
    const get = async (partNumber: number, fresh = false) => {
      const promise = signer.get(partNumber, { fresh });
      await vi.advanceTimersByTimeAsync(1);
      return promise;
    };
    await get(1);
    const first = await get(2); // signs 3, 4, 5 ahead
    const refreshed = await get(2, true);
    expect(refreshed.url).not.toBe(first.url);
    expect(server.batches.at(-1)).toContain(2);

    const before = server.batches.length;
    await get(3); // cached, plenty of life left
    expect(server.batches).toHaveLength(before);
    vi.setSystemTime(Date.now() + 590_000); // 10 s left: under the 30 s margin
    await get(4);
    expect(server.batches.length).toBeGreaterThan(before);
    expect(server.batches.at(-1)![0]).toBe(4);
  });

  it("shares one request between two callers of the same part", async () => {
    const server = fakeServer(600);
    const signer = new PartSigner({ uploadId: "u1", partCount: 2, sign: server.sign, baseUrl, lookahead: 0 });
    const [a, b] = await Promise.all([signer.get(1), signer.get(1, { fresh: true })]);
    expect(a.url).toBe(b.url);
    expect(server.batches).toEqual([[1]]);
  });

  it("rejects every caller of a failed batch, and the next call asks again", async () => {
    const server = fakeServer(600);
    server.sign.mockRejectedValueOnce(new Error("offline"));
    const signer = new PartSigner({ uploadId: "u1", partCount: 2, sign: server.sign, baseUrl, lookahead: 0 });
    await expect(Promise.all([signer.get(1), signer.get(2)])).rejects.toThrow("offline");
    await expect(signer.get(1)).resolves.toMatchObject({ partNumber: 1 });
  });
});
