import { describe, expect, it, vi } from "vitest";
import type { PresignGetInput, StorageDriver } from "@/server/storage/driver";
import { cacheSignedGets } from "@/server/storage/cache-signed-gets";

function fakeDriver(origin = "http://a.test") {
  const presignGet = vi.fn(async (input: PresignGetInput) => ({ url: `${origin}/${input.key}?t=${input.signedAt?.getTime() ?? Math.random()}`, headers: {}, expiresAt: new Date(0) }));
  const forOrigin = vi.fn((next: string) => fakeDriver(next).driver);
  const driver = { kind: "local", presignGet, forOrigin } as unknown as StorageDriver;
  return { driver, presignGet, forOrigin };
}

const at = new Date("2026-12-02T10:00:00Z");

describe("cacheSignedGets", () => {
  it("signs the same key, window and overrides once", async () => {
    const { driver, presignGet } = fakeDriver();
    const cached = cacheSignedGets(driver);
    const input = { key: "a.jpg", signedAt: at, expiresInSeconds: 3600, responseContentType: "image/jpeg" };
    const first = await cached.presignGet(input);
    const second = await cached.presignGet({ ...input });
    expect(second).toBe(first);
    expect(presignGet).toHaveBeenCalledTimes(1);
    // Another window, other overrides, or "now": signed anew.
    await cached.presignGet({ ...input, signedAt: new Date(at.getTime() + 1) });
    await cached.presignGet({ ...input, responseContentType: "image/webp" });
    await cached.presignGet({ key: "a.jpg", expiresInSeconds: 3600 });
    await cached.presignGet({ key: "a.jpg", expiresInSeconds: 3600 });
    expect(presignGet).toHaveBeenCalledTimes(5);
  });

  it("stays within its bound, dropping the least recently used", async () => {
    const { driver, presignGet } = fakeDriver();
    const cached = cacheSignedGets(driver, 2);
    const sign = (key: string) => cached.presignGet({ key, signedAt: at, expiresInSeconds: 60 });
    await sign("a");
    await sign("b");
    await sign("a"); // a is now the most recent
    await sign("c"); // evicts b
    await sign("a");
    expect(presignGet).toHaveBeenCalledTimes(3);
    await sign("b");
    expect(presignGet).toHaveBeenCalledTimes(4);
  });

  it("keeps per-origin drivers apart and reuses each", async () => {
    const { driver, forOrigin } = fakeDriver();
    const cached = cacheSignedGets(driver);
    const one = cached.forOrigin!("http://one.test");
    expect(cached.forOrigin!("http://one.test")).toBe(one);
    const two = cached.forOrigin!("http://two.test");
    expect(forOrigin).toHaveBeenCalledTimes(2);
    const input = { key: "a.jpg", signedAt: at, expiresInSeconds: 60 };
    expect((await one.presignGet(input)).url).toMatch(/^http:\/\/one\.test\//);
    expect((await two.presignGet(input)).url).toMatch(/^http:\/\/two\.test\//);
  });

  it("forgets a signing that failed", async () => {
    const { driver, presignGet } = fakeDriver();
    presignGet.mockRejectedValueOnce(new Error("clock"));
    const cached = cacheSignedGets(driver);
    const input = { key: "a.jpg", signedAt: at, expiresInSeconds: 60 };
    await expect(cached.presignGet(input)).rejects.toThrow("clock");
    await expect(cached.presignGet(input)).resolves.toMatchObject({ url: expect.stringContaining("a.jpg") });
    expect(presignGet).toHaveBeenCalledTimes(2);
  });
});
