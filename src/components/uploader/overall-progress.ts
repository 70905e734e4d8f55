import { isInFlight, type UploadState } from "./upload-state";

export interface ProgressRow {
  state: UploadState;
  size: number;
  bytesUploaded: number;
}

export interface OverallProgress {
  /** Files that reached `done`. */
  filesDone: number;
  filesFailed: number;
  /** Every file in the list, failed ones included. */
  filesTotal: number;
  /** Bytes sent of the files that have not failed. */
  bytesDone: number;
  bytesTotal: number;
  /** 0..1 for the bar: failed files count as settled, so the bar reaches the end when all settle. */
  fraction: number;
  isActive: boolean;
}

export const emptyOverallProgress: OverallProgress = {
  filesDone: 0,
  filesFailed: 0,
  filesTotal: 0,
  bytesDone: 0,
  bytesTotal: 0,
  fraction: 0,
  isActive: false,
};

function sentBytes(row: ProgressRow): number {
  switch (row.state) {
    case "done":
    case "duplicate":
    case "verifying":
      return row.size;
    case "uploading":
      return Math.min(Math.max(row.bytesUploaded, 0), row.size);
    case "queued":
    case "hashing":
    case "failed":
      return 0;
  }
}

/**
 * The numbers above the file list. While uploads are running the bar and the byte count never go
 * backwards (a retried file restarting from zero, or more files dropped in mid-way, only slow the
 * bar down); a fresh session starts once everything has settled.
 */
export function computeOverallProgress(rows: readonly ProgressRow[], previous: OverallProgress = emptyOverallProgress): OverallProgress {
  let filesDone = 0;
  let filesFailed = 0;
  let bytesDone = 0;
  let bytesTotal = 0;
  let settledBytes = 0;
  let allBytes = 0;
  let isActive = false;

  for (const row of rows) {
    const size = Math.max(row.size, 0);
    allBytes += size;
    if (isInFlight(row.state)) isActive = true;
    // A file the library already held needs nothing more: for the count it is done.
    if (row.state === "done" || row.state === "duplicate") filesDone += 1;
    if (row.state === "failed") {
      filesFailed += 1;
      settledBytes += size;
      continue;
    }
    const sent = sentBytes(row);
    bytesTotal += size;
    bytesDone += sent;
    settledBytes += sent;
  }

  const filesTotal = rows.length;
  let fraction: number;
  if (filesTotal === 0) fraction = 0;
  else if (allBytes > 0) fraction = settledBytes / allBytes;
  else fraction = (filesDone + filesFailed) / filesTotal;

  // Keep going forward within one session; `previous.isActive` false means the last one had settled.
  if (previous.isActive && isActive) {
    fraction = Math.max(fraction, previous.fraction);
    bytesDone = Math.min(Math.max(bytesDone, previous.bytesDone), bytesTotal);
  }

  return { filesDone, filesFailed, filesTotal, bytesDone, bytesTotal, fraction: Math.min(Math.max(fraction, 0), 1), isActive };
}
