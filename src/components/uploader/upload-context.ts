import type { ConnectionGate } from "./connection-gate";
import type { UploadLimits } from "./upload-limits";
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
