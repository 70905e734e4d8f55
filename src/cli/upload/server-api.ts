import type { z } from "zod";
import type { AddedToAlbum, AlbumAnswer, AlbumDto, AlbumPage } from "@/contract/albums";
import type { ImageDto } from "@/contract/images";
import type { CompletedPart, CreatedUploads, DuplicateAnswer, SignedPartUrl, SignedParts, UploadFileRequest, UploadTicket } from "@/contract/uploads";
import type { MeDto } from "@/contract/users";

/** What completing an upload gives: the indexed image, or the library's image with the same bytes. */
export type CompletedFile = { image: ImageDto } | DuplicateAnswer;

/** The server refused the token (401): nothing else can work, so the whole run stops. */
export class TokenRefusedError extends Error {
  constructor() {
    super("The token was refused (401): check --token / PIXBUCKET_TOKEN, and that the token is not revoked or expired.");
    this.name = "TokenRefusedError";
  }
}

/** Any other answer the server gave instead of success, with its own sentence. */
export class ServerError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = "ServerError";
  }
}

export interface ServerApi {
  me(): Promise<MeDto["user"]>;
  createUploads(files: UploadFileRequest[]): Promise<UploadTicket[]>;
  signParts(uploadId: string, partNumbers: number[]): Promise<SignedPartUrl[]>;
  /** The indexed image, or the one already in the library with the same bytes (the copy was removed). */
  complete(uploadId: string, parts?: CompletedPart[]): Promise<CompletedFile>;
  abort(uploadId: string): Promise<void>;
  /** One page of the caller's albums, newest first. */
  listAlbums(cursor?: string): Promise<AlbumPage>;
  createAlbum(name: string): Promise<AlbumDto>;
  /** Adds up to 500 of the caller's images; answers how many were new to the album. */
  addToAlbum(albumId: string, imageIds: string[]): Promise<number>;
}

/** Node's fetch hides the reason ("fetch failed"); the cause says ECONNREFUSED and the like. */
export function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.message ?? cause?.code ?? (error instanceof Error ? error.message : String(error));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const maxAttempts = 5;

/**
 * Pixbucket's public API as the CLI uses it, with `Authorization: Bearer`. Rate limits (429) and
 * "unavailable" (503) are waited out as the server's Retry-After says; a refused connection is
 * retried a few times with growing pauses; everything else is reported as it is.
 */
export function createServerApi({ server, token, fetchImpl = fetch }: { server: string; token: string; fetchImpl?: typeof fetch }): ServerApi {
  async function call<T>(method: string, pathname: string, body?: unknown, { isRetried = true } = {}): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      let response: Response;
      try {
        response = await fetchImpl(new URL(pathname, `${server}/`), {
          method,
          headers: { authorization: `Bearer ${token}`, accept: "application/json", ...(body !== undefined ? { "content-type": "application/json" } : {}) },
          body: body !== undefined ? JSON.stringify(body) : undefined,
        });
      } catch (error) {
        if (isRetried && attempt < maxAttempts) {
          await sleep(250 * 2 ** attempt);
          continue;
        }
        throw new ServerError(`Could not reach ${server}: ${describeNetworkError(error)}`, 0, "network_error");
      }
      if (response.ok) return (response.status === 204 ? undefined : await response.json()) as T;
      const parsed = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
      if (response.status === 401) throw new TokenRefusedError();
      if ((response.status === 429 || response.status === 503) && isRetried && attempt < maxAttempts) {
        const retryAfterSeconds = Number.parseInt(response.headers.get("retry-after") ?? "", 10);
        await sleep(Math.min(60, Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0 ? retryAfterSeconds : 2 ** attempt) * 1000);
        continue;
      }
      const message = parsed?.error?.message ?? `${method} ${pathname} answered HTTP ${response.status}.`;
      throw new ServerError(message, response.status, parsed?.error?.code ?? "error");
    }
  }

  const id = (value: string) => encodeURIComponent(value);
  return {
    // The first call of a run: fails fast, so a wrong URL or token is reported at once.
    me: async () => (await call<MeDto>("GET", "/api/me", undefined, { isRetried: false })).user,
    createUploads: async (files) => {
      const body = await call<CreatedUploads>("POST", "/api/uploads", { files });
      if (!Array.isArray(body.uploads) || body.uploads.length !== files.length) throw new ServerError("The server answered with the wrong number of uploads.", 200, "bad_response");
      return body.uploads;
    },
    signParts: async (uploadId, partNumbers) => (await call<z.infer<typeof SignedParts>>("POST", `/api/uploads/${id(uploadId)}/parts`, { partNumbers })).parts,
    complete: (uploadId, parts) => call<CompletedFile>("POST", `/api/uploads/${id(uploadId)}/complete`, parts ? { parts } : undefined),
    abort: async (uploadId) => {
      await call<void>("DELETE", `/api/uploads/${id(uploadId)}`);
    },
    listAlbums: (cursor) => call<AlbumPage>("GET", `/api/albums?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`),
    createAlbum: async (name) => (await call<z.infer<typeof AlbumAnswer>>("POST", "/api/albums", { name })).album,
    addToAlbum: async (albumId, imageIds) => (await call<z.infer<typeof AddedToAlbum>>("POST", `/api/albums/${id(albumId)}/images`, { imageIds })).added,
  };
}
