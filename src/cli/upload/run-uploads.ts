import pLimit from "p-limit";
import type { DuplicateAnswer, ImageDto, UploadTicket } from "@/client/api-client";
import type { LocalImage } from "./find-image-files";
import { md5File } from "./md5-file";
import { planBatches } from "./plan-batches";
import { ServerError, type ServerApi } from "./server-api";
import { FileFailedError, uploadFile } from "./upload-file";

export type FileResult =
  | { file: LocalImage; ok: true; image: ImageDto }
  | { file: LocalImage; ok: true; duplicateOf: DuplicateAnswer["duplicateOf"] }
  | { file: LocalImage; ok: false; error: string };

export interface RunUploadsOptions {
  api: ServerApi;
  server: string;
  /** Files uploading at once. */
  concurrency: number;
  /** Send files the library already holds as second copies. */
  allowDuplicates?: boolean;
  onBytes(delta: number): void;
  onFileDone(result: FileResult): void;
}

const hashConcurrency = 2;

async function requestTicket(api: ServerApi, file: LocalImage, md5: string, allowDuplicate: boolean): Promise<UploadTicket> {
  const [ticket] = await api.createUploads([{ name: file.name, type: file.type, size: file.size, md5, ...(allowDuplicate ? { allowDuplicate } : {}) }]);
  return ticket!;
}

/**
 * Uploads every file, a few at once. Files are hashed and signed a batch at a time (≤100 per
 * request), and the next batch is signed only once every file of the current one has started, so
 * no URL waits long in a queue. A refused token (TokenRefusedError) stops the whole run.
 */
export async function runUploads(files: readonly LocalImage[], options: RunUploadsOptions): Promise<FileResult[]> {
  const { api } = options;
  const allowDuplicate = options.allowDuplicates ?? false;
  const duplicateFlag = allowDuplicate ? { allowDuplicate } : {};
  const uploadLimit = pLimit(options.concurrency);
  const hashLimit = pLimit(hashConcurrency);
  const tasks: Promise<FileResult>[] = [];
  let fatal: unknown = null;

  const finish = (result: FileResult): FileResult => {
    options.onFileDone(result);
    return result;
  };

  for (const batch of planBatches(files)) {
    if (fatal) break;
    let tickets: UploadTicket[];
    const md5s = await Promise.all(batch.map((file) => hashLimit(() => md5File(file.path).catch(() => null))));
    try {
      tickets = await api.createUploads(batch.map((file, index) => ({ name: file.name, type: file.type, size: file.size, ...(md5s[index] ? { md5: md5s[index] } : {}), ...duplicateFlag })));
    } catch (error) {
      if (!(error instanceof ServerError)) {
        fatal = error;
        break;
      }
      for (const file of batch) tasks.push(Promise.resolve(finish({ file, ok: false, error: error.message })));
      continue;
    }

    let started = 0;
    let allStarted: () => void = () => undefined;
    const batchStarted = new Promise<void>((resolve) => (allStarted = resolve));
    batch.forEach((file, index) => {
      const md5 = md5s[index];
      tasks.push(
        uploadLimit(async (): Promise<FileResult> => {
          started += 1;
          if (started === batch.length) allStarted();
          if (fatal) return { file, ok: false, error: "not sent: the run was stopped" };
          if (!md5) return finish({ file, ok: false, error: "could not read the file" });
          let sent = 0;
          const onBytes = (delta: number) => {
            sent += delta;
            options.onBytes(delta);
          };
          try {
            const outcome = await uploadFile(file, tickets[index]!, { api, server: options.server, onBytes, resign: () => requestTicket(api, file, md5, allowDuplicate) });
            if ("duplicateOf" in outcome) {
              options.onBytes(-sent); // removed again by the server: not uploaded
              return finish({ file, ok: true, duplicateOf: outcome.duplicateOf });
            }
            return finish({ file, ok: true, image: outcome.image });
          } catch (error) {
            options.onBytes(-sent); // a failed file's bytes don't count as uploaded
            if (error instanceof FileFailedError) return finish({ file, ok: false, error: error.message });
            fatal ??= error;
            return { file, ok: false, error: "not sent: the run was stopped" };
          }
        }),
      );
    });
    await batchStarted;
  }

  const results = await Promise.all(tasks);
  if (fatal) throw fatal;
  return results;
}
