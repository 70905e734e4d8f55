import type { ConnectionGate } from "./connection-gate";
import type { UploadRow, UploadStore } from "./upload-store";

/**
 * What every step of an upload receives from the controller: the rows, what the server allows,
 * the gate requests pass, and the two calls that reach beyond this page — giving an upload back
 * to the server, and journaling it so a reloaded page can resume.
 */
export interface UploadContext {
  store: UploadStore;
  limits: UploadLimits;
  gate: ConnectionGate;
  /** Tells the server to drop an upload nobody will finish; harmless if it was already gone. */
  abandon(uploadId: string): void;
  /**
   * Saves where the row's upload stands; settles once committed and never rejects. Writes are
   * batched for a moment; `immediately` commits at once, for a caller that waits on it.
   */
  record(row: UploadRow, options?: { immediately?: boolean }): Promise<void>;
}

/** What the server allows, as the page passed it in (see `UploadController.configure`). */
export class UploadLimits {
  maxUploadBytes: number | undefined;
  /** Files above `thresholdBytes` go up in parts of `partBytes` (the server's threshold and part size). */
  multipart: { thresholdBytes: number; partBytes: number } | undefined;

  isMultipartSize(size: number): boolean {
    return this.multipart !== undefined && size > this.multipart.thresholdBytes;
  }
}
