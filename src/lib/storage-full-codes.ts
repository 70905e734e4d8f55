/**
 * Error codes S3-compatible servers answer when a bucket is full or over its quota (Ceph RGW and
 * Wasabi: QuotaExceeded; MinIO: XMinioStorageFull/StorageFull; WebDAV-style gateways: 507), and
 * the filesystem's for the local driver. Retrying cannot help until someone makes room.
 */
export const STORAGE_FULL_CODES: ReadonlySet<string> = new Set(["QuotaExceeded", "XMinioStorageFull", "StorageFull", "InsufficientStorage", "ENOSPC", "EDQUOT"]);
