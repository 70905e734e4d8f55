import { holdTabPresence, newTabId, openTabIds, whenTabCloses } from "./tab-presence";
import type { UploadContext } from "./upload-context";
import { UploadJournal, type JournalEntry } from "./upload-journal";
import type { UploadRow } from "./upload-store";

/** Journal entries older than this are dropped (the server sweeps multipart uploads within a day). */
const journalMaxAgeMs = 7 * 24 * 3600 * 1000;

/**
 * What lets a reloaded page resume: this tab's uploads in the journal, and the ones a closed or
 * reloaded page left behind, listed as interrupted until their files are picked again.
 */
export class ResumeJournal {
  readonly #ctx: Pick<UploadContext, "store" | "limits" | "abandon">;
  readonly #journal = new UploadJournal();
  #tabId = "";

  /** Takes no `record` from the context: recording is this class's own job. */
  constructor(ctx: Pick<UploadContext, "store" | "limits" | "abandon">) {
    this.#ctx = ctx;
  }

  /** Gives this tab its identity, held for as long as the page lives. */
  claimTab(): void {
    this.#tabId = newTabId();
    holdTabPresence(this.#tabId);
  }

  /** Saves where the row's upload stands; the promise settles once it is committed (never rejects). */
  record(row: UploadRow, { immediately = false }: { immediately?: boolean } = {}): Promise<void> {
    const saved = this.#journal.put({
      id: row.id,
      tabId: this.#tabId,
      fingerprint: row.fingerprint,
      name: row.name,
      type: row.type,
      size: row.size,
      lastModified: row.file.lastModified,
      uploadId: row.uploadId,
      multipart: row.multipart,
      savedAtMs: Date.now(),
    });
    return immediately ? this.#journal.flush() : saved;
  }

  /** Drops rows from the journal: nothing about them is left to resume. */
  forget(ids: Iterable<string>): void {
    void this.#journal.remove(ids);
  }

  /** Lists what earlier pages left unfinished; another open tab's uploads are listed once it closes. */
  async restoreInterrupted(): Promise<void> {
    const [entries, openTabs] = await Promise.all([this.#journal.readAll(), openTabIds()]);
    const now = Date.now();
    const stale: string[] = [];
    const interrupted: JournalEntry[] = [];
    const liveTabs = new Set<string>();
    for (const entry of entries) {
      if (entry.tabId === this.#tabId) continue;
      if (now - entry.savedAtMs > journalMaxAgeMs) stale.push(entry.id);
      // Another open tab's uploads are still running there; they are offered here once it closes.
      else if (openTabs?.has(entry.tabId)) liveTabs.add(entry.tabId);
      else interrupted.push(entry);
    }
    if (stale.length > 0) this.forget(stale);
    this.#offerInterrupted(interrupted);
    for (const tabId of liveTabs) {
      void whenTabCloses(tabId)
        .then(() => this.#journal.readAll())
        .then((current) => this.#offerInterrupted(current.filter((entry) => entry.tabId === tabId)));
    }
  }

  /** Lists entries as interrupted, unless the file was picked again meanwhile (it started afresh; its old upload goes). */
  #offerInterrupted(entries: JournalEntry[]): void {
    if (entries.length === 0) return;
    const { store, abandon } = this.#ctx;
    const started = new Set(store.all().map((row) => row.fingerprint));
    const superseded = entries.filter((entry) => started.has(entry.fingerprint));
    for (const entry of superseded) if (entry.uploadId) abandon(entry.uploadId);
    if (superseded.length > 0) this.forget(superseded.map((entry) => entry.id));
    const known = new Set(store.status.interrupted.map((entry) => entry.id));
    const added = entries.filter((entry) => !started.has(entry.fingerprint) && !known.has(entry.id));
    if (added.length === 0) return;
    const interrupted = [...store.status.interrupted, ...added].sort((a, b) => a.savedAtMs - b.savedAtMs);
    store.setStatus({ interrupted });
  }

  /**
   * Matches newly picked files to the interrupted uploads they continue (by fingerprint). A matched
   * entry leaves the interrupted list and the journal; its row takes over what the entry lets it skip.
   */
  resumeMatching(rows: UploadRow[]): UploadRow[] {
    const { store } = this.#ctx;
    let interrupted = [...store.status.interrupted];
    const resumed: string[] = [];
    const matched = rows.map((row) => {
      if (row.state !== "queued") return row;
      const entry = interrupted.find((candidate) => candidate.fingerprint === row.fingerprint);
      if (!entry) return row;
      interrupted = interrupted.filter((candidate) => candidate !== entry);
      resumed.push(entry.id);
      return { ...row, ...this.#resumeFrom(entry, row.size) };
    });
    if (resumed.length > 0) {
      store.setStatus({ interrupted });
      this.forget(resumed);
    }
    return matched;
  }

  /** What a journal entry from before a reload lets the new row skip. */
  #resumeFrom(entry: JournalEntry, size: number): Partial<UploadRow> {
    if (!entry.uploadId) return {};
    const plan = entry.multipart;
    const { limits } = this.#ctx;
    if (plan && (!limits.isMultipartSize(size) || plan.partSize !== limits.multipart?.partBytes)) {
      // Cut differently now (the server's part size changed): the old parts cannot be reused.
      this.#ctx.abandon(entry.uploadId);
      return {};
    }
    return { uploadId: entry.uploadId, multipart: plan, isRestored: true };
  }

  /** Gives up the uploads a previous page left unfinished: the server removes what they had sent. */
  discardInterrupted(): void {
    const { store, abandon } = this.#ctx;
    const entries = store.status.interrupted;
    for (const entry of entries) if (entry.uploadId) abandon(entry.uploadId);
    this.forget(entries.map((entry) => entry.id));
    store.setStatus({ interrupted: [] });
  }
}
