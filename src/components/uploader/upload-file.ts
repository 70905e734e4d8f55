import type { UppyFile } from "@uppy/core";

export type UploadMeta = { rowId: string; attempt: number };
export type UploadBody = Record<string, never>;
/** A file as Uppy holds it: its id is our row id, its meta the attempt it belongs to. */
export type UploadFile = UppyFile<UploadMeta, UploadBody>;
