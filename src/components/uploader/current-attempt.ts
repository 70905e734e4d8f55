import { abortError } from "./upload-failure";
import { isSettled } from "./upload-state";
import type { UploadRow, UploadStore } from "./upload-store";

/** Whether `attempt` is still the row's live attempt: not retried since, and not settled. */
export function isCurrentAttempt(store: UploadStore, id: string, attempt: number): boolean {
  const row = store.get(id);
  return row !== undefined && row.attempt === attempt && !isSettled(row.state);
}

/** The row of the file Uppy is working on; an AbortError when that attempt is over or the step was aborted. */
export function currentAttemptRow(store: UploadStore, file: { id: string; meta: { attempt: number } }, signal?: AbortSignal): UploadRow {
  const row = store.get(file.id);
  if (!row || !isCurrentAttempt(store, file.id, file.meta.attempt) || signal?.aborted) throw abortError();
  return row;
}
