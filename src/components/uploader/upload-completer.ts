import { ApiError, completeUpload, listUploadedParts, type CompletedPart } from "@/client/api-client";
import { createLimiter } from "@/components/uploader/create-limiter";
import { findFinishedImage } from "./find-finished-image";
import type { UploadContext } from "./upload-context";
import { describeFailure } from "./upload-failure";
import type { UploadSettler } from "./upload-settler";

/** Completing makes the server read the object and draw a thumbnail; a few at a time keeps it responsive. */
const completeConcurrency = 4;

export interface UploadCompleterDeps {
  settler: UploadSettler;
  /** The ETags collected for a multipart row. */
  completedParts: (rowId: string) => CompletedPart[] | undefined;
  /** Drops a single-PUT row's ticket: its upload is gone. */
  forgetTicket: (rowId: string) => void;
}

/** The last step: POST /api/uploads/{id}/complete, a few at a time, and what its answer means for the row. */
export class UploadCompleter {
  readonly #ctx: UploadContext;
  readonly #deps: UploadCompleterDeps;
  readonly #limit = createLimiter(completeConcurrency);

  constructor(ctx: UploadContext, deps: UploadCompleterDeps) {
    this.#ctx = ctx;
    this.#deps = deps;
  }

  /** Asks the server to verify and index what reached storage. */
  async complete(id: string, attempt: number): Promise<void> {
    const { store, gate } = this.#ctx;
    const { settler } = this.#deps;
    const row = store.get(id);
    const uploadId = row?.uploadId;
    if (!row || !uploadId) return;
    const parts = row.multipart ? this.#deps.completedParts(id) : undefined;
    const isStillWanted = () => {
      const current = store.get(id);
      return current?.state === "verifying" && current.attempt === attempt;
    };
    try {
      const outcome = await this.#limit(() => gate.withRetries(() => completeUpload(uploadId, { parts })));
      if (!isStillWanted()) return;
      if ("duplicateOf" in outcome) settler.markDuplicate(id, outcome.duplicateOf);
      else settler.markDone(id, outcome.image.id);
    } catch (error) {
      if (!isStillWanted()) return;
      if (error instanceof ApiError && error.status === 409) {
        // A part storage does not have (the server lists them itself): send what is missing, then complete again.
        if (row.multipart && (await isPending(uploadId)) && settler.restartResuming(id)) return;
        // Already completed: an earlier complete call got through even though its answer was lost.
        settler.markDone(id, await findFinishedImage(uploadId));
        return;
      }
      if (error instanceof ApiError && error.status === 404) {
        this.#deps.forgetTicket(id);
        store.update(id, { uploadId: undefined, multipart: undefined, partsUploaded: undefined });
        settler.fail(id, { message: "The upload expired before it could be checked — retry to send the file again.", canRetry: true }, "start");
        return;
      }
      const failure = describeFailure(error);
      // 422 invalid_image and other final answers: the server removed the object, retrying cannot help.
      settler.fail(id, failure, failure.canRetry ? "complete" : "start");
    }
  }
}

/** Whether the server still holds the upload open (it answers the part list only while it does). */
async function isPending(uploadId: string): Promise<boolean> {
  try {
    await listUploadedParts(uploadId);
    return true;
  } catch {
    return false;
  }
}
