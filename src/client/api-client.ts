/**
 * Typed calls to Pixbucket's HTTP API (the contract in docs: JSON in and out, errors as
 * `{"error": {"code", "message"}}`). Every failure becomes an `ApiError` carrying the server's
 * code and its sentence for a person, so the UI can show the message as it is.
 */

import type { ErrorBody } from "@/contract/common";
import type { ImageDto, ImagePage, PhotoDetails } from "@/contract/images";
import type { CompletedPart, DuplicateAnswer, SignedPartUrl, UploadedPart, UploadFileRequest, UploadTicket } from "@/contract/uploads";
import { defaultGalleryQuery, galleryQueryParams, type GalleryQuery } from "@/lib/gallery-query";

export type { ImageDto, ImagePage } from "@/contract/images";
export type { CompletedPart, DuplicateAnswer, MultipartUploadTicket, PutUploadTicket, SignedPartUrl, UploadedPart, UploadTicket } from "@/contract/uploads";
/** One file as POST /api/uploads takes it. */
export type UploadRequestFile = UploadFileRequest;

/** What an error answer carries; `code` is a string here so an unknown one still reads. */
export type ApiErrorBody = Omit<ErrorBody["error"], "code"> & { code: string };

export class ApiError extends Error {
  readonly code: string;
  /** HTTP status; 0 when the server could not be reached at all. */
  readonly status: number;

  constructor(code: string, message: string, status: number) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
  }
}

/** Codes where trying the same thing again cannot help: the file or request itself is the problem. */
const finalCodes = new Set(["bad_request", "forbidden", "too_large", "quota_exceeded", "unsupported_type", "invalid_image", "conflict"]);

/** Whether an error code means the file or request itself is the problem. */
export function isFinalErrorCode(code: string): boolean {
  return finalCodes.has(code);
}

/** Whether trying again later might work (network trouble, rate limits, a server hiccup, signing in again). */
export function isRetryableError(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  if (finalCodes.has(error.code)) return false;
  const { status } = error;
  if (status >= 400 && status < 500) return status === 401 || status === 408 || status === 429;
  return true;
}

function messageForStatus(status: number): string {
  if (status === 401) return "You are signed out — sign in and try again.";
  if (status === 403) return "You are not allowed to do that.";
  if (status === 404) return "It was not found — it may have been deleted.";
  if (status === 413) return "The request was too large for the server.";
  if (status === 429) return "Too many requests — wait a moment and try again.";
  if (status >= 500) return `The server had a problem (HTTP ${status}) — try again in a moment.`;
  return `The server answered HTTP ${status}.`;
}

function codeForStatus(status: number): string {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 413) return "too_large";
  if (status === 415) return "unsupported_type";
  if (status === 422) return "invalid_image";
  if (status === 429) return "rate_limited";
  if (status === 503) return "unavailable";
  if (status >= 500) return "server_error";
  return "bad_request";
}

function isErrorBody(value: unknown): value is { error: ApiErrorBody } {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { code?: unknown }).code === "string" &&
    typeof (error as { message?: unknown }).message === "string"
  );
}

/** Builds the ApiError for a non-2xx response, preferring the server's own code and sentence. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (isErrorBody(body)) return new ApiError(body.error.code, body.error.message, response.status);
  return new ApiError(codeForStatus(response.status), messageForStatus(response.status), response.status);
}

/** A JSON call to our own API (same origin, cookies): every failure becomes an ApiError. */
export async function requestJson<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  let response: Response;
  try {
    response = await fetch(path, {
      ...rest,
      headers: { accept: "application/json", ...(json !== undefined ? { "content-type": "application/json" } : {}), ...headers },
      body: json !== undefined ? JSON.stringify(json) : rest.body,
      credentials: "same-origin",
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError("network_error", "Could not reach the server — check your connection and try again.", 0);
  }
  if (!response.ok) throw await errorFromResponse(response);
  if (response.status === 204) return undefined as T;
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError("bad_response", "The server sent a reply that could not be read — try again.", response.status);
  }
}

const id = (value: string) => encodeURIComponent(value);

/** POST /api/uploads — one ticket per file, in request order. */
export async function createUploads(files: UploadRequestFile[], signal?: AbortSignal): Promise<UploadTicket[]> {
  const body = await requestJson<{ uploads: UploadTicket[] }>("/api/uploads", { method: "POST", json: { files }, signal });
  if (!Array.isArray(body?.uploads) || body.uploads.length !== files.length) {
    throw new ApiError("bad_response", "The server answered with the wrong number of uploads — try again.", 200);
  }
  return body.uploads;
}

/**
 * POST /api/uploads/{id}/complete — the server verifies the stored bytes and indexes the image.
 * Multipart uploads pass their parts; the server assembles from storage's own list and checks them.
 * Bytes the library already held come back as the image they repeat (the copy was removed).
 */
export async function completeUpload(uploadId: string, { parts, signal }: { parts?: CompletedPart[]; signal?: AbortSignal } = {}): Promise<{ image: ImageDto } | DuplicateAnswer> {
  return requestJson<{ image: ImageDto } | DuplicateAnswer>(`/api/uploads/${id(uploadId)}/complete`, {
    method: "POST",
    json: parts ? { parts } : undefined,
    signal,
  });
}

/** POST /api/uploads/{id}/parts — signs up to 100 parts of a multipart upload at once. */
export async function signUploadParts(uploadId: string, partNumbers: number[], signal?: AbortSignal): Promise<SignedPartUrl[]> {
  const body = await requestJson<{ parts: SignedPartUrl[] }>(`/api/uploads/${id(uploadId)}/parts`, { method: "POST", json: { partNumbers }, signal });
  if (!Array.isArray(body?.parts)) throw new ApiError("bad_response", "The server answered without part URLs — try again.", 200);
  return body.parts;
}

/** GET /api/uploads/{id}/parts — what storage already has of a multipart upload, to resume it. */
export async function listUploadedParts(uploadId: string, signal?: AbortSignal): Promise<UploadedPart[]> {
  const body = await requestJson<{ parts: UploadedPart[] }>(`/api/uploads/${id(uploadId)}/parts`, { signal });
  if (!Array.isArray(body?.parts)) throw new ApiError("bad_response", "The server answered without a part list — try again.", 200);
  return body.parts;
}

/** DELETE /api/uploads/{id} — gives up an upload and removes whatever was sent. */
export async function abortUpload(uploadId: string): Promise<void> {
  await requestJson<void>(`/api/uploads/${id(uploadId)}`, { method: "DELETE" });
}

/** GET /api/images — newest first, keyset-paginated. */
export async function listImages(
  { limit = 60, cursor, query = defaultGalleryQuery, album }: { limit?: number; cursor?: string | null; query?: GalleryQuery; album?: string } = {},
  signal?: AbortSignal,
): Promise<ImagePage> {
  // The gallery's own URL parameters are the API's: search, sort, types, date taken.
  const params = galleryQueryParams(query);
  params.set("limit", String(limit));
  if (cursor) params.set("cursor", cursor);
  if (album) params.set("album", album);
  const body = await requestJson<ImagePage>(`/api/images?${params.toString()}`, { signal });
  return { images: Array.isArray(body.images) ? body.images : [], nextCursor: body.nextCursor ?? null };
}

/** GET /api/images/{id} — one image of the caller's. */
export async function getImage(imageId: string, signal?: AbortSignal): Promise<ImageDto> {
  const body = await requestJson<{ image: ImageDto }>(`/api/images/${id(imageId)}`, { signal });
  return body.image;
}

/** GET /api/images/{id}/details — what the photo's EXIF says (camera, lens, exposure, GPS); the owner only. */
export async function getImageDetails(imageId: string, signal?: AbortSignal): Promise<PhotoDetails> {
  const body = await requestJson<{ details: PhotoDetails }>(`/api/images/${id(imageId)}/details`, { signal });
  return body.details;
}

/** DELETE /api/images/{id} — the original, its thumbnails and its record go. */
export async function deleteImage(imageId: string): Promise<void> {
  await requestJson<void>(`/api/images/${id(imageId)}`, { method: "DELETE" });
}

/** POST /api/images/delete — returns how many were deleted. */
export async function deleteImages(ids: string[]): Promise<number> {
  const body = await requestJson<{ deleted: number }>("/api/images/delete", { method: "POST", json: { ids } });
  return body.deleted;
}

/** The download link: the server redirects to a short-lived URL that saves under the original name. */
export function imageDownloadUrl(imageId: string): string {
  return `/api/images/${id(imageId)}/download`;
}
