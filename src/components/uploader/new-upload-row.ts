import { checkImageFile } from "@/components/uploader/check-image-file";
import { isHeifType } from "@/lib/image-types";
import type { UploadRow } from "./upload-store";

/**
 * Files above this get an icon instead of a preview: the browser decodes the whole image for a
 * 48 px thumbnail, and a 180 MB panorama costs half a second of CPU and hundreds of MB of memory,
 * right when its upload starts.
 */
const previewMaxBytes = 20 * 1024 * 1024;

let rowCounter = 0;
function nextRowId(): string {
  // Not crypto.randomUUID: it is missing on plain-http origins, which self-hosted installs often are.
  // The random tail keeps ids of different tabs apart in the shared journal.
  rowCounter += 1;
  return `f${Date.now().toString(36)}${rowCounter.toString(36)}${Math.floor(Math.random() * 0x10000).toString(36)}`;
}

/** The list row for a file just picked, dropped or pasted: queued, or failed at once when the pre-check refuses it. */
export function newUploadRow(file: File, maxUploadBytes: number | undefined): UploadRow {
  const check = checkImageFile(file, maxUploadBytes);
  const base = {
    id: nextRowId(),
    file,
    name: file.name,
    size: file.size,
    fingerprint: fileFingerprint(file),
    bytesUploaded: 0,
    bytesPerSecond: 0,
    retryFrom: "start",
    attempt: 0,
  } as const;
  if (!check.isAllowed) return { ...base, type: file.type, state: "failed", error: check.message, canRetry: false, isPreviewable: false };
  // Few browsers draw HEIC: its row shows the placeholder rather than a broken picture.
  return { ...base, type: check.type, state: "queued", canRetry: false, isPreviewable: file.size <= previewMaxBytes && !isHeifType(check.type) };
}

/**
 * What identifies a file the person picks again after a reload: browsers cannot reopen a file by
 * themselves, and give a re-picked file no stable id, so name, size, modification time and type
 * together stand in for one. An edited file changes its time (and usually size): no match, and it
 * is uploaded afresh rather than glued onto parts of its old content.
 */
export function fileFingerprint(file: { name: string; size: number; lastModified: number; type: string }): string {
  return JSON.stringify([file.name, file.size, file.lastModified, file.type]);
}
