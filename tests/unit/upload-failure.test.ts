import { describe, expect, it } from "vitest";
import { ApiError } from "@/client/api-client";
import { storageError } from "../../src/components/uploader/put-to-storage";
import { describeFailure, isAbortError, isTransient, retryTransient, StorageError, UploadFailure, UploadOutcome } from "../../src/components/uploader/upload-failure";

describe("isTransient", () => {
  it("retries no answer, timeouts, rate limiting and server faults from the API and from storage", () => {
    for (const status of [0, 408, 429, 500, 503]) {
      expect(isTransient(new ApiError("unavailable", "down", status))).toBe(true);
      expect(isTransient(new StorageError("down", status, "x"))).toBe(true);
    }
  });

  it("never retries another 4xx, nor errors that are not HTTP answers", () => {
    expect(isTransient(new ApiError("forbidden", "no", 403))).toBe(false);
    expect(isTransient(new StorageError("expired", 403, "expired"))).toBe(false);
    expect(isTransient(new UploadFailure("broken", true))).toBe(false);
    expect(isTransient(new Error("boom"))).toBe(false);
    expect(retryTransient(new ApiError("bad_request", "no", 400))).toBe("fail");
    expect(retryTransient(new ApiError("unavailable", "down", 503))).toBe("retry");
  });
});

describe("describeFailure", () => {
  it("keeps an UploadFailure's message and verdict", () => {
    expect(describeFailure(new UploadFailure("Read it again", false))).toEqual({ message: "Read it again", canRetry: false });
  });

  it("offers a retry for API errors unless the code says the file itself is the problem", () => {
    expect(describeFailure(new ApiError("unavailable", "Try later", 503))).toEqual({ message: "Try later", canRetry: true });
    expect(describeFailure(new ApiError("invalid_image", "Not an image", 422))).toEqual({ message: "Not an image", canRetry: false });
  });

  it("offers no retry when storage hides the ETag: the bucket's CORS rule must change first", () => {
    expect(describeFailure(new StorageError("Hidden ETag", 200, "etag_not_exposed")).canRetry).toBe(false);
    expect(describeFailure(new StorageError("Refused", 403, "forbidden")).canRetry).toBe(true);
  });

  it("wraps anything else in a sentence that still offers a retry", () => {
    expect(describeFailure(new Error("socket hang up"))).toEqual({ message: "The upload failed (socket hang up) — retry.", canRetry: true });
    expect(describeFailure("???")).toEqual({ message: "The upload failed — retry.", canRetry: true });
  });
});

describe("UploadOutcome and aborts", () => {
  it("tells an expired upload from one already finished", () => {
    expect(new UploadOutcome("gone").message).toMatch(/no longer exists/);
    expect(new UploadOutcome("already-uploaded", "img1").imageId).toBe("img1");
  });

  it("recognises aborts by their DOMException name only", () => {
    expect(isAbortError(new DOMException("x", "AbortError"))).toBe(true);
    expect(isAbortError(new DOMException("x", "TimeoutError"))).toBe(false);
    expect(isAbortError(new Error("AbortError"))).toBe(false);
  });
});

describe("storageError for a full bucket", () => {
  it.each([
    [403, "<Error><Code>QuotaExceeded</Code><Message></Message></Error>"],
    [507, "<Error><Code>XMinioStorageFull</Code></Error>"],
    [507, ""],
  ])("HTTP %i %j: storage_full, said plainly, not a link to renew", (status, body) => {
    const error = storageError(status, body);
    expect(error.code).toBe("storage_full");
    expect(error.message).toMatch(/^Storage is full/);
  });
});
