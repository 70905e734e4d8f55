/**
 * Where one file is on its way up. `data-state` on each upload row carries this value.
 * queued → hashing → queued → uploading → verifying → done, or failed from any of them.
 */
export type UploadState = "queued" | "hashing" | "uploading" | "verifying" | "done" | "failed";

const inFlightStates: ReadonlySet<UploadState> = new Set(["queued", "hashing", "uploading", "verifying"]);

/** True while work for the file is still pending (leaving the page would lose it). */
export function isInFlight(state: UploadState): boolean {
  return inFlightStates.has(state);
}
