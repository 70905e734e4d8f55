import type { AwsS3UploadParameters } from "@uppy/aws-s3";
import { currentAttemptRow } from "./current-attempt";
import { findFinishedImage } from "./find-finished-image";
import type { RowHasher } from "./row-hasher";
import type { SignedRequests, SignedUrl } from "./signed-requests";
import type { UploadContext } from "./upload-context";
import { isAbortError, settingsChangedMessage, UploadFailure, UploadOutcome } from "./upload-failure";
import type { UploadFile } from "./upload-file";
import type { UploadRow } from "./upload-store";
import type { UploadTickets } from "./upload-tickets";

/** After a pause a single-PUT URL is used again only with this much life left. */
const ticketReuseMarginMs = 30_000;

interface PutTicket extends SignedUrl {
  attempt: number;
  uploadId: string;
}

export interface SinglePutUploadsDeps {
  tickets: UploadTickets;
  hasher: RowHasher;
  signedRequests: SignedRequests;
}

/** Files below the multipart threshold: one presigned PUT each, with the file's MD5 bound into its URL. */
export class SinglePutUploads {
  readonly #ctx: UploadContext;
  readonly #deps: SinglePutUploadsDeps;
  readonly #putTickets = new Map<string, PutTicket>();

  constructor(ctx: UploadContext, deps: SinglePutUploadsDeps) {
    this.#ctx = ctx;
    this.#deps = deps;
  }

  /** Uppy asks for the PUT of one file: hash it, get a ticket from our server, hand back exactly what it said. */
  async getUploadParameters(file: UploadFile, { signal }: { signal?: AbortSignal }): Promise<AwsS3UploadParameters> {
    const { store, abandon } = this.#ctx;
    const id = file.id;
    const attempt = file.meta.attempt;
    let row = currentAttemptRow(store, file, signal);

    if (row.isRestored && row.uploadId) {
      const imageId = await findFinishedImage(row.uploadId);
      if (imageId) throw new UploadOutcome("already-uploaded", imageId);
      // A single PUT cannot continue where it stopped; its old ticket is given back.
      abandon(row.uploadId);
      row = store.update(id, { uploadId: undefined, isRestored: false }) ?? row;
    }

    let md5: string;
    try {
      md5 = await this.#deps.hasher.hash(id);
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new UploadFailure("The file could not be read from your disk — it may have been moved or changed; add it again.", false);
    }
    row = currentAttemptRow(store, file, signal);
    store.update(id, { state: "uploading", bytesPerSecond: 0 });

    // After a pause the same URL still works if it has time left; the server's upload is the same.
    let ticket = this.#putTickets.get(id);
    if (!ticket || ticket.attempt !== attempt || ticket.expiresAtMs - Date.now() < ticketReuseMarginMs) {
      if (ticket) abandon(ticket.uploadId);
      ticket = await this.#newTicket(row, md5, signal);
    }
    this.#deps.signedRequests.add(ticket.url, { rowId: id, attempt, kind: "put", uploadId: ticket.uploadId, expiresAtMs: ticket.expiresAtMs });
    return { method: "PUT", url: ticket.url, headers: ticket.headers, fields: {} };
  }

  /** A fresh URL for the same bytes: a new ticket (the old upload is given back). */
  async renew(row: UploadRow, signal?: AbortSignal): Promise<SignedUrl> {
    const old = this.#putTickets.get(row.id);
    this.#putTickets.delete(row.id);
    if (old) this.#ctx.abandon(old.uploadId);
    const ticket = await this.#newTicket(row, await this.#deps.hasher.hash(row.id), signal);
    return { url: ticket.url, headers: ticket.headers, expiresAtMs: ticket.expiresAtMs };
  }

  /** Drops the row's ticket: its upload was given up or replaced. */
  forget(rowId: string): void {
    this.#putTickets.delete(rowId);
  }

  async #newTicket(row: UploadRow, md5: string, signal?: AbortSignal): Promise<PutTicket> {
    const { store, abandon, record } = this.#ctx;
    const { id, attempt } = row;
    const ticket = await this.#deps.tickets.request(row, signal, { md5 });
    if ("multipart" in ticket) {
      abandon(ticket.id);
      throw new UploadFailure(settingsChangedMessage, false);
    }
    const put: PutTicket = {
      attempt,
      uploadId: ticket.id,
      // The local storage driver signs paths on this app ("/api/storage/…"); XHR needs them absolute.
      url: new URL(ticket.url, window.location.href).href,
      headers: ticket.headers,
      expiresAtMs: Date.parse(ticket.expiresAt) || Date.now(),
    };
    this.#putTickets.set(id, put);
    const updated = store.update(id, { uploadId: ticket.id });
    if (updated) void record(updated);
    return put;
  }
}
