import { estimateSecondsLeft } from "@/components/uploader/estimate-seconds-left";
import { computeOverallProgress, emptyOverallProgress, type OverallProgress } from "@/components/uploader/overall-progress";
import { isInFlight, type UploadState } from "@/components/uploader/upload-state";
import type { JournalEntry } from "./upload-journal";

/** One file in the upload list: what the UI shows and what a retry needs. */
export interface UploadRow {
  id: string;
  file: File;
  name: string;
  /** The type declared to the server (the browser's, or guessed from the extension). */
  type: string;
  size: number;
  /** Name, size, modification time and type: how a file picked again after a reload is recognised. */
  fingerprint: string;
  state: UploadState;
  bytesUploaded: number;
  bytesPerSecond: number;
  /** Base64 MD5 once computed; kept so a retry does not hash again. */
  md5?: string;
  /**
   * The server's upload id. Kept across a retry of a multipart upload, which then continues from
   * the parts storage holds; cleared when the upload starts over.
   */
  uploadId?: string;
  /** Set once the file goes up in parts: how it is cut. */
  multipart?: { partSize: number; partCount: number };
  /** Parts storage confirmed (multipart only). */
  partsUploaded?: number;
  /** The upload id came from before a reload: the server may have finished it meanwhile. */
  isRestored?: boolean;
  imageId?: string;
  /** The image in the library that already holds these bytes (state `duplicate`). */
  duplicateOf?: { id: string; name: string };
  /** The person chose "keep both": the server must not skip the file as a duplicate. */
  allowDuplicate?: boolean;
  /** Why it failed, in words for a person (without the file name). */
  error?: string;
  canRetry: boolean;
  /** A failure at the verify step only needs the complete call again; the bytes are in storage. */
  retryFrom: "start" | "complete";
  /** Bumped on every retry, so late answers for an earlier attempt can be recognised and ignored. */
  attempt: number;
  /** Whether the browser can draw a thumbnail from the local file. */
  isPreviewable: boolean;
}

/** What is not about one row: pause, connection, rate, interrupted uploads. */
export type UploadStatus = Pick<UploadSnapshot, "bytesPerSecond" | "isPaused" | "isOffline" | "interrupted">;

export interface UploadSnapshot {
  rows: readonly UploadRow[];
  progress: OverallProgress;
  /** The smoothed rate at which bytes leave for storage, all files together. */
  bytesPerSecond: number;
  /** Until every byte is sent at that rate; undefined when unknown (just started, paused, idle). */
  secondsLeft: number | undefined;
  /** The person paused everything. */
  isPaused: boolean;
  /** The browser says it has no network; uploads wait for it. */
  isOffline: boolean;
  /** Uploads a closed or reloaded page left unfinished, waiting for their files to be picked again. */
  interrupted: readonly JournalEntry[];
  inFlightCount: number;
  /** Files that can still be stopped (not yet handed to the server for verification). */
  cancellableCount: number;
  retryableCount: number;
  settledCount: number;
}

export const emptyUploadSnapshot: UploadSnapshot = {
  rows: [],
  progress: emptyOverallProgress,
  bytesPerSecond: 0,
  secondsLeft: undefined,
  isPaused: false,
  isOffline: false,
  interrupted: [],
  inFlightCount: 0,
  cancellableCount: 0,
  retryableCount: 0,
  settledCount: 0,
};

/** How long changes are gathered before React hears of them; progress events come far faster. */
const flushDelayMs = 100;

/**
 * The upload list as an external store for `useSyncExternalStore`. Changes are applied at once
 * (controller logic reads them back immediately) but published as one immutable snapshot at most
 * every `flushDelayMs`, in the next animation frame, so hundreds of files reporting progress do
 * not re-render per event and React renders right before a paint, not between two.
 */
export class UploadStore {
  readonly #rows = new Map<string, UploadRow>();
  readonly #listeners = new Set<() => void>();
  #snapshot: UploadSnapshot = emptyUploadSnapshot;
  #status: UploadStatus = {
    bytesPerSecond: 0,
    isPaused: false,
    isOffline: false,
    interrupted: [],
  };
  #timer: ReturnType<typeof setTimeout> | undefined;
  #frame: number | undefined;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  getSnapshot = (): UploadSnapshot => this.#snapshot;

  get(id: string): UploadRow | undefined {
    return this.#rows.get(id);
  }

  all(): UploadRow[] {
    return [...this.#rows.values()];
  }

  hasInFlight(): boolean {
    for (const row of this.#rows.values()) if (isInFlight(row.state)) return true;
    return false;
  }

  add(rows: UploadRow[]): void {
    for (const row of rows) this.#rows.set(row.id, row);
    this.#schedule();
  }

  update(id: string, patch: Partial<Omit<UploadRow, "id">>): UploadRow | undefined {
    const row = this.#rows.get(id);
    if (!row) return undefined;
    const next = { ...row, ...patch };
    this.#rows.set(id, next);
    this.#schedule();
    return next;
  }

  remove(ids: Iterable<string>): void {
    for (const id of ids) this.#rows.delete(id);
    this.#schedule();
  }

  setStatus(patch: Partial<UploadStatus>): void {
    this.#status = { ...this.#status, ...patch };
    this.#schedule();
  }

  get status(): UploadStatus {
    return this.#status;
  }

  #schedule(): void {
    this.#timer ??= setTimeout(() => {
      // A hidden tab gets no frames: it publishes at once (the controller listens too, for the unload guard).
      if (typeof requestAnimationFrame === "function" && typeof document !== "undefined" && !document.hidden) this.#frame = requestAnimationFrame(() => this.flush());
      else this.flush();
    }, flushDelayMs);
  }

  /** Publishes the current rows now (also used by tests). */
  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    this.#timer = undefined;
    this.#frame = undefined;
    const rows = [...this.#rows.values()];
    let inFlightCount = 0;
    let cancellableCount = 0;
    let retryableCount = 0;
    for (const row of rows) {
      if (isInFlight(row.state)) inFlightCount += 1;
      if (row.state === "queued" || row.state === "hashing" || row.state === "uploading") cancellableCount += 1;
      if (row.state === "failed" && row.canRetry) retryableCount += 1;
    }
    const progress = computeOverallProgress(rows, this.#snapshot.progress);
    const { bytesPerSecond, isPaused, isOffline } = this.#status;
    const isMoving = progress.isActive && !isPaused && !isOffline;
    this.#snapshot = {
      rows,
      progress,
      ...this.#status,
      bytesPerSecond: isMoving ? bytesPerSecond : 0,
      secondsLeft: isMoving ? estimateSecondsLeft(progress.bytesTotal - progress.bytesDone, bytesPerSecond) : undefined,
      inFlightCount,
      cancellableCount,
      retryableCount,
      settledCount: rows.length - inFlightCount,
    };
    for (const listener of this.#listeners) listener();
  }
}
