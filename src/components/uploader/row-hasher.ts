import { Md5Pool } from "./md5-pool";
import type { UploadContext } from "./upload-context";
import { abortError } from "./upload-failure";
import type { UploadRow } from "./upload-store";

/** MD5s of the files in the list, computed in workers and kept on their rows. */
export class RowHasher {
  readonly #ctx: UploadContext;
  #pool: Md5Pool | undefined;
  readonly #running = new Map<string, Promise<string>>();

  constructor(ctx: UploadContext) {
    this.#ctx = ctx;
  }

  #hashPool(): Md5Pool {
    this.#pool ??= new Md5Pool(2);
    return this.#pool;
  }

  /** The file's base64 MD5, computed once per row (a retry reuses it). Multipart files are not hashed: the server binds no MD5 to them. */
  hash(id: string): Promise<string> {
    const { store } = this.#ctx;
    const row = store.get(id);
    if (!row) return Promise.reject(abortError());
    if (row.md5) return Promise.resolve(row.md5);
    const running = this.#running.get(id);
    if (running) return running;

    const promise = this.#hashPool()
      .hash(id, row.file, () => {
        if (store.get(id)?.state === "queued") store.update(id, { state: "hashing" });
      })
      .then((md5) => {
        const current = store.get(id);
        store.update(id, current?.state === "hashing" ? { md5, state: "queued" } : { md5 });
        return md5;
      })
      .finally(() => this.#running.delete(id));
    this.#running.set(id, promise);
    return promise;
  }

  /** Starts hashing a file that will go up in one PUT; a failure shows later, when its upload asks for the hash. */
  hashAhead(row: UploadRow): void {
    if (!this.#ctx.limits.isMultipartSize(row.size)) this.hash(row.id).catch(() => undefined);
  }

  cancel(id: string): void {
    this.#pool?.cancel(id);
  }
}
