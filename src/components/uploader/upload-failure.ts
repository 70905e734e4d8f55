import { ApiError, isRetryableError } from "@/client/api-client";
import { isRetryableStatus } from "@/components/uploader/backoff";
import type { RetryDecision } from "@/components/uploader/retry-with-backoff";

/**
 * A failed transfer to storage, with a sentence a person can act on. `status` 0: no answer arrived
 * (see isRetryableStatus). Here, not beside the sender (put-to-storage.ts), which arrives with Uppy.
 */
export class StorageError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(message: string, status: number, code: string) {
    super(message);
    this.name = "StorageError";
    this.status = status;
    this.code = code;
  }
}

/** A failure with its message for a person and whether a retry could help. */
export class UploadFailure extends Error {
  constructor(
    message: string,
    readonly canRetry: boolean,
  ) {
    super(message);
    this.name = "UploadFailure";
  }
}

/**
 * Not a failure: what the server said instead of taking the bytes. `already-uploaded`: an upload
 * started before a reload was completed meanwhile. `gone`: it expired or was cancelled, so the file
 * starts over. `duplicate`: the library already holds these bytes as `duplicateOf`.
 */
export class UploadOutcome extends Error {
  constructor(
    readonly kind: "already-uploaded" | "gone" | "duplicate",
    readonly imageId?: string,
    readonly duplicateOf?: { id: string; name: string },
  ) {
    super(kind === "gone" ? "The interrupted upload no longer exists on the server." : kind === "duplicate" ? "This file is already in your library." : "This file was already uploaded.");
    this.name = "UploadOutcome";
  }
}

export const settingsChangedMessage = "The server's upload settings changed since this page was loaded — reload the page and add the file again.";

export function abortError(): DOMException {
  return new DOMException("The upload was cancelled", "AbortError");
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

/** Worth retrying by itself after a pause: no answer, a timeout, rate limiting or a server fault — never another 4xx. */
export function isTransient(error: unknown): boolean {
  if (error instanceof ApiError || error instanceof StorageError) return isRetryableStatus(error.status);
  return false;
}

export const retryTransient = (error: unknown): RetryDecision => (isTransient(error) ? "retry" : "fail");

/** What a failed row shows: a sentence for a person, and whether a retry is offered. */
export interface FailureDescription {
  message: string;
  canRetry: boolean;
}

export function describeFailure(error: unknown): FailureDescription {
  if (error instanceof UploadFailure) return { message: error.message, canRetry: error.canRetry };
  if (error instanceof ApiError) return { message: error.message, canRetry: isRetryableError(error) };
  if (error instanceof StorageError) return { message: error.message, canRetry: error.code !== "etag_not_exposed" };
  const message = error instanceof Error && error.message ? error.message : "";
  return { message: message ? `The upload failed (${message}) — retry.` : "The upload failed — retry.", canRetry: true };
}
