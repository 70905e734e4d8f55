/**
 * Where one file is on its way up. `data-state` on each upload row carries this value.
 * queued → hashing → queued → uploading → verifying → done, or failed from any of them, or
 * duplicate (the library already holds the same bytes) at signing or at verification.
 */
export type UploadState = "queued" | "hashing" | "uploading" | "verifying" | "done" | "failed" | "duplicate";

const inFlightStates: ReadonlySet<UploadState> = new Set(["queued", "hashing", "uploading", "verifying"]);

/** Nothing more will happen to the file by itself: it ended one way or another. */
export function isSettled(state: UploadState): boolean {
  return state === "done" || state === "failed" || state === "duplicate";
}

/** True while work for the file is still pending (leaving the page would lose it). */
export function isInFlight(state: UploadState): boolean {
  return inFlightStates.has(state);
}
