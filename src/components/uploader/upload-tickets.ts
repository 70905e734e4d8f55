import {
  createUploads,
  isFinalErrorCode,
  type MultipartUploadTicket,
  type PutUploadTicket,
  type UploadRequestFile,
  type UploadTicket,
} from "@/client/api-client";
import { createBatcher } from "@/components/uploader/create-batcher";
import { isCurrentAttempt } from "./current-attempt";
import type { UploadContext } from "./upload-context";
import { abortError, UploadFailure, UploadOutcome } from "./upload-failure";
import type { UploadRow } from "./upload-store";

/** Calls to POST /api/uploads made within this window share one request (the API takes up to 100 files). */
const presignWindowMs = 25;
const presignMaxFiles = 100;

/** Opens uploads on our server (POST /api/uploads, batched): a presigned PUT or a multipart plan per file. */
export class UploadTickets {
  readonly #ctx: UploadContext;
  readonly #presign = createBatcher<UploadRequestFile, UploadTicket>({
    windowMs: presignWindowMs,
    maxSize: presignMaxFiles,
    run: (files) => createUploads(files),
  });

  constructor(ctx: UploadContext) {
    this.#ctx = ctx;
  }

  /** A ticket for the row's current attempt, with retries; the server's refusal becomes an UploadFailure. */
  async request(row: UploadRow, signal?: AbortSignal, extra: Pick<UploadRequestFile, "md5"> = {}): Promise<PutUploadTicket | MultipartUploadTicket> {
    const { store, gate, abandon } = this.#ctx;
    const { id, attempt } = row;
    const allowDuplicate = row.allowDuplicate ? { allowDuplicate: true } : {};
    const ticket = await gate.withRetries(() => this.#presign({ name: row.name, type: row.type, size: row.size, ...extra, ...allowDuplicate }), signal);
    if (!isCurrentAttempt(store, id, attempt) || signal?.aborted) {
      // Cancelled while the server was signing: give the fresh upload back.
      if ("id" in ticket) abandon(ticket.id);
      throw abortError();
    }
    if ("error" in ticket) throw new UploadFailure(ticket.error.message, !isFinalErrorCode(ticket.error.code));
    if ("duplicateOf" in ticket) throw new UploadOutcome("duplicate", undefined, ticket.duplicateOf);
    return ticket;
  }
}
