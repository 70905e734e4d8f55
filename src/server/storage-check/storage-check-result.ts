/** One line of `pixbucket doctor` and Settings → Storage; the shape GET /api/admin/storage-check answers. */
export interface StorageCheckResult {
  name: string;
  status: "ok" | "warn" | "fail";
  message: string;
  /** For every failure (and most warnings): the exact steps for the detected vendor. */
  fix?: string;
}

export const ok = (name: string, message: string): StorageCheckResult => ({ name, status: "ok", message });
export const warn = (name: string, message: string, fix?: string): StorageCheckResult => ({ name, status: "warn", message, ...(fix ? { fix } : {}) });
export const fail = (name: string, message: string, fix?: string): StorageCheckResult => ({ name, status: "fail", message, ...(fix ? { fix } : {}) });

export const hasFailure = (results: StorageCheckResult[]) => results.some((result) => result.status === "fail");
