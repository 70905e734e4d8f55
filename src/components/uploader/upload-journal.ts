/**
 * What a reload needs to bring the queue back: one entry per file still on its way up, kept in
 * IndexedDB. Browsers cannot reopen a file after a reload, so an entry holds no bytes: the person
 * picks the file again, it is recognised by its fingerprint, and a multipart upload continues
 * from the parts storage already holds (the server's part list is the truth, not this journal).
 */
export interface JournalEntry {
  /** The row id of the tab that wrote it. */
  id: string;
  /** Which tab: entries of a tab that is still open are that tab's business. */
  tabId: string;
  fingerprint: string;
  name: string;
  type: string;
  size: number;
  lastModified: number;
  /** The server's upload id, once there is one. */
  uploadId?: string;
  /** Set for multipart uploads: how the file is cut. */
  multipart?: { partSize: number; partCount: number };
  savedAtMs: number;
}

const databaseName = "pixbucket-uploads";
const storeName = "entries";
/** Writes made within this window go in one transaction (hundreds of files are added at once). */
const writeDelayMs = 100;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(databaseName, 1);
    open.onupgradeneeded = () => {
      if (!open.result.objectStoreNames.contains(storeName)) open.result.createObjectStore(storeName, { keyPath: "id" });
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
    open.onblocked = () => reject(new Error("The upload journal is blocked by another tab"));
  });
}

/**
 * The journal. Every method is best effort: without IndexedDB (some private modes) uploads work
 * as before and only the after-reload resume is lost, so errors are swallowed here, not shown.
 */
export class UploadJournal {
  #database: Promise<IDBDatabase | null> | undefined;
  /** Pending writes by id: an entry to put, or null to delete. */
  #writes = new Map<string, JournalEntry | null>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #flushing: Promise<void> = Promise.resolve();

  #open(): Promise<IDBDatabase | null> {
    this.#database ??= typeof indexedDB === "undefined" ? Promise.resolve(null) : openDatabase().catch(() => null);
    return this.#database;
  }

  async readAll(): Promise<JournalEntry[]> {
    const database = await this.#open();
    if (!database) return [];
    try {
      return await request(database.transaction(storeName, "readonly").objectStore(storeName).getAll() as IDBRequest<JournalEntry[]>);
    } catch {
      return [];
    }
  }

  /** Queues a write; the promise settles once it is committed (never rejects). */
  put(entry: JournalEntry): Promise<void> {
    this.#writes.set(entry.id, entry);
    return this.#schedule();
  }

  remove(ids: Iterable<string>): Promise<void> {
    for (const id of ids) this.#writes.set(id, null);
    return this.#schedule();
  }

  /** Commits queued writes now; resolves once they (and any earlier ones) are committed. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const resolveScheduled = this.#resolveScheduled;
    this.#scheduled = undefined;
    this.#resolveScheduled = undefined;
    const writes = this.#writes;
    this.#writes = new Map();
    if (writes.size > 0) this.#flushing = this.#flushing.then(() => this.#commit(writes));
    const done = this.#flushing;
    if (resolveScheduled) void done.then(resolveScheduled);
    return done;
  }

  #scheduled: Promise<void> | undefined;
  #resolveScheduled: (() => void) | undefined;

  #schedule(): Promise<void> {
    this.#scheduled ??= new Promise<void>((resolve) => {
      this.#resolveScheduled = resolve;
      this.#timer = setTimeout(() => void this.flush(), writeDelayMs);
    });
    return this.#scheduled;
  }

  async #commit(writes: Map<string, JournalEntry | null>): Promise<void> {
    const database = await this.#open();
    if (!database) return;
    try {
      const transaction = database.transaction(storeName, "readwrite");
      const store = transaction.objectStore(storeName);
      for (const [id, entry] of writes) {
        if (entry) store.put(entry);
        else store.delete(id);
      }
      await new Promise<void>((resolve, reject) => {
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
        transaction.onabort = () => reject(transaction.error);
      });
    } catch {
      // best effort, see the class comment
    }
  }
}
