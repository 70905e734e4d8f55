import pLimit from "p-limit";
import type { MultipartUploadTicket, PutUploadTicket, UploadTicket } from "@/client/api-client";
import type { LocalImage } from "./find-image-files";
import { putObject, type PutObjectResult } from "./put-object";
import { ServerError, TokenRefusedError, describeNetworkError, type CompletedFile, type ServerApi } from "./server-api";

/** This file could not be uploaded; the message says why, and the run goes on with the others. */
export class FileFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FileFailedError";
  }
}

export interface UploadFileDeps {
  api: ServerApi;
  server: string;
  /** Bytes handed to storage (negative when a failed attempt's bytes are taken back). */
  onBytes(delta: number): void;
  /** A new ticket for the same file, when the first expired before the file's turn came. */
  resign(): Promise<UploadTicket>;
  sleep?(ms: number): Promise<void>;
}

const attemptsPerPut = 3;
const partsPerSigning = 10;
const partsInFlight = 3;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const isSuccess = (status: number) => status >= 200 && status < 300;
/** Worth another try with the same or a freshly signed URL: expiry, throttling, storage trouble. */
const isTransient = (status: number) => status === 403 || status === 408 || status === 429 || status >= 500;

/** Sends one byte range, retrying transient failures; `urlFor(attempt)` may sign afresh. */
async function putWithRetries(
  deps: UploadFileDeps,
  { filePath, start, length, urlFor }: { filePath: string; start: number; length: number; urlFor(attempt: number): Promise<{ url: string; headers: Record<string, string> }> },
): Promise<PutObjectResult> {
  const sleep = deps.sleep ?? defaultSleep;
  let last = "";
  for (let attempt = 1; attempt <= attemptsPerPut; attempt += 1) {
    const target = await urlFor(attempt);
    let sent = 0;
    try {
      const result = await putObject({
        url: new URL(target.url, `${deps.server}/`),
        headers: target.headers,
        filePath,
        start,
        length,
        onBytes: (delta) => {
          sent += delta;
          deps.onBytes(delta);
        },
      });
      if (isSuccess(result.status)) return result;
      deps.onBytes(-sent);
      last = result.reason;
      if (!isTransient(result.status)) break;
    } catch (error) {
      deps.onBytes(-sent);
      last = `could not send to storage: ${describeNetworkError(error)}`;
    }
    if (attempt < attemptsPerPut) await sleep(500 * 2 ** attempt);
  }
  throw new FileFailedError(last);
}

async function completeOrFail(api: ServerApi, uploadId: string, parts?: { partNumber: number; etag: string }[]): Promise<CompletedFile> {
  try {
    return await api.complete(uploadId, parts);
  } catch (error) {
    if (error instanceof ServerError) throw new FileFailedError(error.message);
    throw error;
  }
}

async function uploadSingle(file: LocalImage, first: PutUploadTicket, deps: UploadFileDeps): Promise<CompletedFile> {
  let ticket = first;
  await putWithRetries(deps, {
    filePath: file.path,
    start: 0,
    length: file.size,
    urlFor: async (attempt) => {
      // A URL past its expiry can't work again: give it up and ask for a new one.
      if (attempt > 1 && Date.parse(ticket.expiresAt) <= Date.now()) {
        await deps.api.abort(ticket.id).catch(() => undefined);
        const fresh = await deps.resign();
        if ("error" in fresh) throw new FileFailedError(fresh.error.message);
        if ("duplicateOf" in fresh || !("method" in fresh)) throw new FileFailedError("The server changed how this file is to be uploaded; try again.");
        ticket = fresh;
      }
      return { url: ticket.url, headers: ticket.headers };
    },
  }).catch(async (error: unknown) => {
    await deps.api.abort(ticket.id).catch(() => undefined);
    throw error;
  });
  return completeOrFail(deps.api, ticket.id);
}

async function uploadMultipart(file: LocalImage, ticket: MultipartUploadTicket, deps: UploadFileDeps): Promise<CompletedFile> {
  const { partSize, partCount } = ticket.multipart;
  const lengthOf = (partNumber: number) => (partNumber < partCount ? partSize : file.size - partSize * (partCount - 1));
  const etags = new Map<number, string>();
  const limit = pLimit(partsInFlight);

  const sendPart = async (partNumber: number, firstUrl: string) => {
    const result = await putWithRetries(deps, {
      filePath: file.path,
      start: (partNumber - 1) * partSize,
      length: lengthOf(partNumber),
      urlFor: async (attempt) => {
        if (attempt === 1) return { url: firstUrl, headers: {} };
        const [signed] = await deps.api.signParts(ticket.id, [partNumber]);
        if (!signed) throw new FileFailedError(`The server did not sign part ${partNumber}.`);
        return { url: signed.url, headers: {} };
      },
    });
    if (!result.etag) throw new FileFailedError(`Storage did not return an ETag for part ${partNumber}.`);
    etags.set(partNumber, result.etag);
  };

  try {
    // Signed a few at a time, just before they are sent: part URLs are short-lived.
    for (let first = 1; first <= partCount; first += partsPerSigning) {
      const numbers = Array.from({ length: Math.min(partsPerSigning, partCount - first + 1) }, (_, index) => first + index);
      const signed = await deps.api.signParts(ticket.id, numbers);
      await Promise.all(signed.map((part) => limit(() => sendPart(part.partNumber, part.url))));
    }
  } catch (error) {
    await deps.api.abort(ticket.id).catch(() => undefined);
    if (error instanceof ServerError) throw new FileFailedError(error.message);
    throw error;
  }
  const parts = [...etags].sort(([a], [b]) => a - b).map(([partNumber, etag]) => ({ partNumber, etag }));
  return completeOrFail(deps.api, ticket.id, parts);
}

/**
 * Uploads one file by its ticket: a single PUT, or parts when the server chose multipart; then
 * asks the server to verify and index it. Throws FileFailedError for this file alone, and
 * TokenRefusedError when the token stops working (which ends the run).
 */
export async function uploadFile(file: LocalImage, ticket: UploadTicket, deps: UploadFileDeps): Promise<CompletedFile> {
  if ("error" in ticket) throw new FileFailedError(ticket.error.message);
  if ("duplicateOf" in ticket) return ticket; // the library already holds these bytes: nothing to send
  try {
    return "multipart" in ticket ? await uploadMultipart(file, ticket, deps) : await uploadSingle(file, ticket, deps);
  } catch (error) {
    if (error instanceof FileFailedError || error instanceof TokenRefusedError) throw error;
    if (error instanceof ServerError) throw new FileFailedError(error.message);
    throw new FileFailedError(error instanceof Error ? error.message : String(error));
  }
}
