import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, completeUpload, createUploads, deleteImage, errorFromResponse, isRetryableError, listImages } from "@/client/api-client";

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("errorFromResponse", () => {
  it("carries the server's code and message", async () => {
    const error = await errorFromResponse(jsonResponse(422, { error: { code: "invalid_image", message: "The file is not a readable image." } }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "invalid_image", message: "The file is not a readable image.", status: 422 });
  });

  it("falls back to a sentence when the body is not the error shape", async () => {
    const error = await errorFromResponse(new Response("<html>Bad gateway</html>", { status: 502 }));
    expect(error).toMatchObject({ code: "server_error", status: 502 });
    expect(error.message).toMatch(/try again/);
  });
});

describe("isRetryableError", () => {
  it("says no to errors about the file itself", () => {
    expect(isRetryableError(new ApiError("invalid_image", "x", 422))).toBe(false);
    expect(isRetryableError(new ApiError("unsupported_type", "x", 415))).toBe(false);
    expect(isRetryableError(new ApiError("too_large", "x", 413))).toBe(false);
    expect(isRetryableError(new ApiError("bad_request", "x", 400))).toBe(false);
  });

  it("says yes to network trouble, rate limits, sign-in and server errors", () => {
    expect(isRetryableError(new ApiError("network_error", "x", 0))).toBe(true);
    expect(isRetryableError(new ApiError("rate_limited", "x", 429))).toBe(true);
    expect(isRetryableError(new ApiError("unauthorized", "x", 401))).toBe(true);
    expect(isRetryableError(new ApiError("unavailable", "x", 503))).toBe(true);
    expect(isRetryableError(new Error("anything else"))).toBe(true);
  });
});

describe("API calls", () => {
  it("POSTs the files and returns the tickets in order", async () => {
    const fetchMock = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) =>
      jsonResponse(200, {
        uploads: [
          { id: "u1", method: "PUT", url: "https://s3/x", headers: { "Content-Type": "image/png" }, expiresAt: "2026-01-01T00:00:00Z" },
          { error: { code: "unsupported_type", message: "SVG files are not allowed." } },
        ],
      }),
    );
    vi.stubGlobal("fetch", fetchMock);

    const tickets = await createUploads([
      { name: "a.png", type: "image/png", size: 3, md5: "abc" },
      { name: "b.svg", type: "image/svg+xml", size: 3 },
    ]);
    expect(tickets).toHaveLength(2);
    expect(tickets[1]).toEqual({ error: { code: "unsupported_type", message: "SVG files are not allowed." } });

    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe("/api/uploads");
    expect(init?.method).toBe("POST");
    expect(JSON.parse(String(init?.body))).toEqual({
      files: [
        { name: "a.png", type: "image/png", size: 3, md5: "abc" },
        { name: "b.svg", type: "image/svg+xml", size: 3 },
      ],
    });
  });

  it("rejects a reply with the wrong number of uploads", async () => {
    vi.stubGlobal("fetch", async () => jsonResponse(200, { uploads: [] }));
    await expect(createUploads([{ name: "a.png", type: "image/png", size: 1 }])).rejects.toBeInstanceOf(ApiError);
  });

  it("turns a 422 on complete into an ApiError with the server's message", async () => {
    vi.stubGlobal("fetch", async () => jsonResponse(422, { error: { code: "invalid_image", message: "These bytes are not a PNG." } }));
    await expect(completeUpload("u 1")).rejects.toMatchObject({ code: "invalid_image", status: 422, message: "These bytes are not a PNG." });
  });

  it("escapes ids in paths and accepts 204", async () => {
    const fetchMock = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal("fetch", fetchMock);
    await expect(deleteImage("a/b")).resolves.toBeUndefined();
    expect(fetchMock.mock.calls[0]).toEqual(["/api/images/a%2Fb", expect.objectContaining({ method: "DELETE" })]);
  });

  it("builds the list query and normalises a missing cursor", async () => {
    const fetchMock = vi.fn(async (_input: RequestInfo | URL) => jsonResponse(200, { images: [] }));
    vi.stubGlobal("fetch", fetchMock);
    await expect(listImages({ limit: 60, cursor: "c1" })).resolves.toEqual({ images: [], nextCursor: null });
    expect(fetchMock.mock.calls[0]![0]).toBe("/api/images?limit=60&cursor=c1");
  });

  it("reports an unreachable server as a network error", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch");
    });
    await expect(listImages()).rejects.toMatchObject({ code: "network_error", status: 0 });
  });
});
