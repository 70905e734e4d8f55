/** Uploads: signing, parts, resume, cancel and the verified completion. */
import { z } from "zod";
import { Id, Timestamp } from "./common";
import { ImageDto } from "./images";

export const MAX_FILES_PER_REQUEST = 100;

export const UploadFileRequest = z.object({
  name: z.string().trim().min(1, "is required").max(255, "must be at most 255 characters"),
  type: z.string().max(255),
  size: z.number({ error: "must be a number" }).int("must be a whole number of bytes"),
  /** The base64 MD5 (as in `Content-MD5`); required for a file that goes up in one PUT. */
  md5: z
    .string()
    .regex(/^[A-Za-z0-9+/]{22}==$/, "must be the base64 MD5 of the bytes (24 characters)")
    .optional(),
  /** Keep the file even when the library already holds the same bytes. */
  allowDuplicate: z.boolean({ error: "must be true or false" }).optional(),
});
export type UploadFileRequest = z.infer<typeof UploadFileRequest>;

export const CreateUploadsInput = z.object({
  files: z
    .array(UploadFileRequest)
    .min(1, "must list at least one file")
    .max(MAX_FILES_PER_REQUEST, `must list at most ${MAX_FILES_PER_REQUEST} files per request`),
});
export type CreateUploadsInput = z.infer<typeof CreateUploadsInput>;

/** How a multipart upload is cut: every part `partSize` bytes except a shorter last one. */
export const MultipartPlan = z.object({ partSize: z.number().int(), partCount: z.number().int() });
export type MultipartPlan = z.infer<typeof MultipartPlan>;

/** The image a new file would duplicate. */
export const DuplicateOf = z.object({ id: Id, name: z.string() });
export type DuplicateOf = z.infer<typeof DuplicateOf>;

export const PutUploadTicket = z.object({
  id: Id,
  method: z.literal("PUT"),
  /** Bound to the exact length, type and MD5. */
  url: z.string(),
  /** Send exactly these with the PUT. */
  headers: z.record(z.string(), z.string()),
  expiresAt: Timestamp,
});
export type PutUploadTicket = z.infer<typeof PutUploadTicket>;

export const MultipartUploadTicket = z.object({ id: Id, multipart: MultipartPlan, expiresAt: Timestamp });
export type MultipartUploadTicket = z.infer<typeof MultipartUploadTicket>;

export const DuplicateAnswer = z.object({ duplicateOf: DuplicateOf }).meta({ id: "DuplicateAnswer" });
export type DuplicateAnswer = z.infer<typeof DuplicateAnswer>;

/** A file the batch refused on its own; the rest of the batch goes on. */
export const RefusedUpload = z.object({
  error: z.object({ code: z.enum(["bad_request", "too_large", "unsupported_type", "quota_exceeded"]), message: z.string() }),
});
export type RefusedUpload = z.infer<typeof RefusedUpload>;

/** One entry per requested file, in request order. */
export const UploadTicket = z.union([PutUploadTicket, MultipartUploadTicket, DuplicateAnswer, RefusedUpload]).meta({ id: "UploadTicket" });
export type UploadTicket = z.infer<typeof UploadTicket>;

export const CreatedUploads = z.object({ uploads: z.array(UploadTicket) });
export type CreatedUploads = z.infer<typeof CreatedUploads>;

export const SignPartsInput = z.object({
  partNumbers: z.array(z.number().int().min(1).max(10_000)).min(1, "must list at least one part").max(100, "must list at most 100 parts per request"),
});
export type SignPartsInput = z.infer<typeof SignPartsInput>;

/** Bound to that part's exact length; ask again when it expires. */
export const SignedPartUrl = z.object({ partNumber: z.number().int(), url: z.string(), expiresAt: Timestamp });
export type SignedPartUrl = z.infer<typeof SignedPartUrl>;
export const SignedParts = z.object({ parts: z.array(SignedPartUrl) });

/** What storage holds of a multipart upload (resume); the ETag unquoted. */
export const UploadedPart = z.object({ partNumber: z.number().int(), etag: z.string(), size: z.number().int() });
export type UploadedPart = z.infer<typeof UploadedPart>;
export const UploadedParts = z.object({ parts: z.array(UploadedPart) });

export const CompletedPart = z.object({ partNumber: z.number().int().min(1).max(10_000), etag: z.string().min(1).max(200) });
export type CompletedPart = z.infer<typeof CompletedPart>;

export const CompleteUploadInput = z
  .object({
    /** Multipart only: the ETag each part's PUT answered; storage's own list is what counts. */
    parts: z.array(CompletedPart).max(10_000).optional(),
  })
  .default({});
export type CompleteUploadInput = z.input<typeof CompleteUploadInput>;

export const CompletedUpload = z.object({ image: ImageDto });
