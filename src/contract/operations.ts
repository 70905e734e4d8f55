/**
 * Every HTTP operation the API offers, as data: path, who may call it, and the zod schemas of its
 * inputs and answers. `openapi.ts` turns this list into the OpenAPI document; the tests check that
 * every route file has its operations here and every operation a route, and that every answer the
 * integration suite receives matches its schema.
 */
import { z } from "zod";
import { HealthReport } from "./health";
import { StorageChecks } from "./admin";
import { AddedToAlbum, AlbumAnswer, AlbumImagesInput, AlbumPage, CreateAlbumInput, ListAlbumsInput, RemovedFromAlbum, UpdateAlbumInput } from "./albums";
import { IdParams } from "./common";
import { DeletedImages, DeleteImagesInput, ImageAnswer, ImagePage, ListImagesInput, PhotoDetailsAnswer } from "./images";
import { CreatedInvite, CreateInviteInput, InvitePage, InviteTokenParams, ListInvitesInput } from "./invites";
import { CreatedShare, CreateShareInput, ListSharesInput, OpenedShareAnswer, SharePage, ShareTokenParams, UnlockedShare, UnlockShareInput } from "./shares";
import { CreatedToken, CreateTokenInput, ListTokensInput, TokenPage } from "./tokens";
import { CompletedUpload, CompleteUploadInput, CreatedUploads, CreateUploadsInput, DuplicateAnswer, SignedParts, SignPartsInput, UploadedParts } from "./uploads";
import { ListUsersInput, MeDto, NewAccountInput, NewUserInput, SetupState, UpdateUserInput, UserAnswer, UserPage } from "./users";

export type HttpMethod = "get" | "head" | "post" | "put" | "patch" | "delete";

/**
 * Who may call: `user` a session or an API token (with `scope`), `session` a signed-in person only
 * (no token), `admin` a signed-in admin, `public` anyone, `metrics` the metrics token, `signed`
 * anyone holding a signed URL.
 */
export type Access = "user" | "session" | "admin" | "public" | "metrics" | "signed";

export interface AnswerSpec {
  description: string;
  /** The JSON body; absent for 204 and redirects. */
  schema?: z.ZodType;
  /** A body that is not JSON (Prometheus text, image bytes). */
  contentType?: string;
  /** Response headers worth naming (Location, Set-Cookie, ETag). */
  headers?: Record<string, string>;
}

export interface Operation {
  method: HttpMethod;
  /** OpenAPI path template, e.g. /api/images/{id}. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  /** The token scope a token caller needs (a signed-in person has all). */
  scope?: "upload" | "read" | "delete" | "share";
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** Request headers the operation reads. */
  requestHeaders?: Record<string, string>;
  body?: z.ZodType;
  /** Successful answers by status. */
  answers: Record<number, AnswerSpec>;
  /** Error statuses beyond the ones every operation of its kind can answer (see openapi.ts). */
  errors?: number[];
  /** The auth library answers these itself, in its own error shape. */
  isAuthLibrary?: boolean;
}

const json = (description: string, schema: z.ZodType): AnswerSpec => ({ description, schema });
const noContent: AnswerSpec = { description: "Done; no body." };
const redirect = (description: string): AnswerSpec => ({ description, headers: { Location: "Where to go: a short-lived signed URL." } });

/** The auth library's answers: its own shapes, documented loosely (the library owns them). */
const AuthAnswer = z.looseObject({});

export const operations: Operation[] = [
  // Uploads
  {
    method: "post", path: "/api/uploads", operationId: "createUploads", tag: "Uploads", access: "user", scope: "upload",
    summary: "Sign a batch of 1–100 uploads",
    description: "Each entry, in request order, is a single PUT, a multipart plan, the image the file duplicates, or an error for that file alone.",
    body: CreateUploadsInput, answers: { 200: json("One ticket per file.", CreatedUploads) }, errors: [429],
  },
  {
    method: "post", path: "/api/uploads/{id}/parts", operationId: "signUploadParts", tag: "Uploads", access: "user", scope: "upload",
    summary: "Sign part URLs of a multipart upload", params: IdParams, body: SignPartsInput,
    answers: { 200: json("Each part URL is bound to that part's exact length.", SignedParts) }, errors: [404, 409],
  },
  {
    method: "get", path: "/api/uploads/{id}/parts", operationId: "listUploadedParts", tag: "Uploads", access: "user", scope: "upload",
    summary: "The parts storage already holds (to resume)", params: IdParams,
    answers: { 200: json("What storage holds, ETags unquoted.", UploadedParts) }, errors: [404, 409],
  },
  {
    method: "delete", path: "/api/uploads/{id}", operationId: "abortUpload", tag: "Uploads", access: "user", scope: "upload",
    summary: "Cancel an upload and remove whatever was sent (idempotent)", params: IdParams,
    answers: { 204: noContent }, errors: [404, 409],
  },
  {
    method: "post", path: "/api/uploads/{id}/complete", operationId: "completeUpload", tag: "Uploads", access: "user", scope: "upload",
    summary: "Verify the stored bytes and index the image", params: IdParams, body: CompleteUploadInput,
    answers: { 201: json("Verified and indexed.", CompletedUpload), 200: json("The library already holds these bytes; the copy was removed.", DuplicateAnswer) },
    errors: [404, 409, 422],
  },
  // Images
  {
    method: "get", path: "/api/images", operationId: "listImages", tag: "Images", access: "user", scope: "read",
    summary: "The caller's images, sorted and filtered, in keyset pages", query: ListImagesInput,
    answers: { 200: json("One page.", ImagePage) }, errors: [404],
  },
  {
    method: "get", path: "/api/images/{id}", operationId: "getImage", tag: "Images", access: "user", scope: "read",
    summary: "One image", params: IdParams, answers: { 200: json("The image.", ImageAnswer) }, errors: [404],
  },
  {
    method: "delete", path: "/api/images/{id}", operationId: "deleteImage", tag: "Images", access: "user", scope: "delete",
    summary: "Delete an image: original, renditions, shared copy and row", params: IdParams, answers: { 204: noContent }, errors: [404],
  },
  {
    method: "get", path: "/api/images/{id}/preview", operationId: "getImagePreview", tag: "Images", access: "user", scope: "read",
    summary: "Redirect to the display rendition, drawing it on first view", params: IdParams,
    answers: { 302: redirect("The preview's signed URL (WebP, long side ≤ 2048 px).") }, errors: [404, 422],
  },
  {
    method: "get", path: "/api/images/{id}/download", operationId: "downloadImage", tag: "Images", access: "user", scope: "read",
    summary: "Redirect to the original as an attachment with its original name", params: IdParams,
    answers: { 302: redirect("A short-lived attachment URL.") }, errors: [404],
  },
  {
    method: "get", path: "/api/images/{id}/details", operationId: "getImageDetails", tag: "Images", access: "user", scope: "read",
    summary: "Date taken, camera, lens, exposure and GPS (the owner only)", params: IdParams,
    answers: { 200: json("What the file's EXIF said.", PhotoDetailsAnswer) }, errors: [404],
  },
  {
    method: "post", path: "/api/images/delete", operationId: "deleteImages", tag: "Images", access: "user", scope: "delete",
    summary: "Delete many images", body: DeleteImagesInput, answers: { 200: json("How many were deleted.", DeletedImages) },
  },
  // Albums
  {
    method: "get", path: "/api/albums", operationId: "listAlbums", tag: "Albums", access: "user", scope: "read",
    summary: "The caller's albums, newest first", query: ListAlbumsInput, answers: { 200: json("One page.", AlbumPage) },
  },
  {
    method: "post", path: "/api/albums", operationId: "createAlbum", tag: "Albums", access: "user", scope: "upload",
    summary: "Create an album", body: CreateAlbumInput, answers: { 201: json("The new album.", AlbumAnswer) },
  },
  {
    method: "get", path: "/api/albums/{id}", operationId: "getAlbum", tag: "Albums", access: "user", scope: "read",
    summary: "One album", params: IdParams, answers: { 200: json("The album.", AlbumAnswer) }, errors: [404],
  },
  {
    method: "patch", path: "/api/albums/{id}", operationId: "updateAlbum", tag: "Albums", access: "user", scope: "upload",
    summary: "Rename an album or choose its cover", params: IdParams, body: UpdateAlbumInput,
    answers: { 200: json("The album.", AlbumAnswer) }, errors: [404],
  },
  {
    method: "delete", path: "/api/albums/{id}", operationId: "deleteAlbum", tag: "Albums", access: "user", scope: "delete",
    summary: "Delete an album; its images stay, its share links end", params: IdParams, answers: { 204: noContent }, errors: [404],
  },
  {
    method: "post", path: "/api/albums/{id}/images", operationId: "addAlbumImages", tag: "Albums", access: "user", scope: "upload",
    summary: "Add images to an album", params: IdParams, body: AlbumImagesInput, answers: { 200: json("How many were added.", AddedToAlbum) }, errors: [404],
  },
  {
    method: "post", path: "/api/albums/{id}/images/remove", operationId: "removeAlbumImages", tag: "Albums", access: "user", scope: "upload",
    summary: "Take images out of an album (they stay in the library)", params: IdParams, body: AlbumImagesInput,
    answers: { 200: json("How many were removed.", RemovedFromAlbum) }, errors: [404],
  },
  // Share links
  {
    method: "get", path: "/api/shares", operationId: "listShares", tag: "Share links", access: "user", scope: "share",
    summary: "The caller's share links in every state, newest first", query: ListSharesInput, answers: { 200: json("One page.", SharePage) },
  },
  {
    method: "post", path: "/api/shares", operationId: "createShare", tag: "Share links", access: "user", scope: "share",
    summary: "Share some images or an album; the link is in this answer only", body: CreateShareInput,
    answers: { 201: json("The share and its link.", CreatedShare) }, errors: [404],
  },
  {
    method: "delete", path: "/api/shares/{id}", operationId: "revokeShare", tag: "Share links", access: "user", scope: "share",
    summary: "Revoke a link (idempotent)", params: IdParams, answers: { 204: noContent }, errors: [404],
  },
  {
    method: "get", path: "/api/public/shares/{token}", operationId: "openShare", tag: "Share links", access: "public",
    summary: "What a share link shows (counts a view)", params: ShareTokenParams,
    requestHeaders: { "X-Share-Password": "The link's password, when it has one." },
    answers: { 200: json("Signed GETs (10 min) of metadata-stripped copies.", OpenedShareAnswer) }, errors: [401, 404, 429],
  },
  {
    method: "post", path: "/api/public/shares/{token}/unlock", operationId: "unlockShare", tag: "Share links", access: "public",
    summary: "Check a link's password and set the page's unlock cookie", params: ShareTokenParams, body: UnlockShareInput,
    answers: { 200: { ...json("Unlocked.", UnlockedShare), headers: { "Set-Cookie": "An httpOnly cookie for the /s/{token} page." } } },
    errors: [401, 404, 429],
  },
  // Accounts
  {
    method: "get", path: "/api/setup", operationId: "getSetupState", tag: "Accounts", access: "public",
    summary: "Whether the one-time admin creation is still open", answers: { 200: json("Setup state.", SetupState) },
  },
  {
    method: "post", path: "/api/setup", operationId: "createFirstAdmin", tag: "Accounts", access: "public",
    summary: "Create the first admin (only while there are no users)", body: NewAccountInput,
    answers: { 201: json("The admin.", UserAnswer) }, errors: [409],
  },
  {
    method: "get", path: "/api/me", operationId: "getMe", tag: "Accounts", access: "user",
    summary: "Who the caller is, what they hold and their quota", answers: { 200: json("The caller.", MeDto) },
  },
  {
    method: "get", path: "/api/tokens", operationId: "listTokens", tag: "Accounts", access: "session",
    summary: "The caller's API tokens (never their secrets), newest first", query: ListTokensInput, answers: { 200: json("One page.", TokenPage) },
  },
  {
    method: "post", path: "/api/tokens", operationId: "createToken", tag: "Accounts", access: "session",
    summary: "Create a named token; the secret is in this answer only", body: CreateTokenInput, answers: { 201: json("The token.", CreatedToken) },
  },
  {
    method: "delete", path: "/api/tokens/{id}", operationId: "revokeToken", tag: "Accounts", access: "session",
    summary: "Revoke a token; it stops working at once", params: IdParams, answers: { 204: noContent }, errors: [404],
  },
  {
    method: "get", path: "/api/users", operationId: "listUsers", tag: "Accounts", access: "admin",
    summary: "Every account, newest first", query: ListUsersInput, answers: { 200: json("One page.", UserPage) },
  },
  {
    method: "post", path: "/api/users", operationId: "createUser", tag: "Accounts", access: "admin",
    summary: "Create an account with a password", body: NewUserInput, answers: { 201: json("The account.", UserAnswer) }, errors: [409],
  },
  {
    method: "patch", path: "/api/users/{id}", operationId: "updateUser", tag: "Accounts", access: "admin",
    summary: "Disable or enable an account, or set its quota", params: IdParams, body: UpdateUserInput,
    answers: { 200: json("The account.", UserAnswer) }, errors: [404],
  },
  {
    method: "get", path: "/api/invites", operationId: "listInvites", tag: "Accounts", access: "admin",
    summary: "Every admin's invites with their state, newest first", query: ListInvitesInput, answers: { 200: json("One page.", InvitePage) },
  },
  {
    method: "post", path: "/api/invites", operationId: "createInvite", tag: "Accounts", access: "admin",
    summary: "A single-use sign-up link; shown once", body: CreateInviteInput, answers: { 201: json("The invite link.", CreatedInvite) },
  },
  {
    method: "delete", path: "/api/invites/{id}", operationId: "revokeInvite", tag: "Accounts", access: "admin",
    summary: "Revoke an unused invite", params: IdParams, answers: { 204: noContent }, errors: [404, 409],
  },
  {
    method: "post", path: "/api/invites/{token}/accept", operationId: "acceptInvite", tag: "Accounts", access: "public",
    summary: "Create the invited account (once)", params: InviteTokenParams, body: NewAccountInput,
    answers: { 201: json("The account.", UserAnswer) }, errors: [404, 409],
  },
  // The auth library's endpoints the app uses; everything else under /api/auth answers 404.
  ...(
    [
      ["post", "/api/auth/sign-in/email", "signIn", "Sign in with email and password; sets the session cookie (rate limited)"],
      ["post", "/api/auth/sign-up/email", "signUp", "Create an account, when the operator opened sign-up"],
      ["post", "/api/auth/sign-out", "signOut", "End the session"],
      ["get", "/api/auth/get-session", "getSession", "The current session, or null"],
      ["post", "/api/auth/change-password", "changePassword", "Change the signed-in person's password"],
    ] as const
  ).map(([method, path, operationId, summary]): Operation => ({
    method, path, operationId, summary, tag: "Sessions", access: "public", isAuthLibrary: true,
    ...(method === "post" ? { body: AuthAnswer } : {}),
    answers: { 200: json("The auth library's answer.", AuthAnswer.nullable()) },
    errors: [401, 403, 404, 422, 429],
  })),
  // Operations
  {
    method: "get", path: "/api/admin/storage-check", operationId: "checkStorage", tag: "Operations", access: "admin",
    summary: "The same checks as `pixbucket doctor`, in the same order", answers: { 200: json("Each check's outcome.", StorageChecks) },
  },
  {
    method: "get", path: "/api/health", operationId: "getHealth", tag: "Operations", access: "public",
    summary: "Whether this instance reaches its database and storage",
    answers: { 200: json("Both answer.", HealthReport), 503: json("Something does not answer; `failing` names it.", HealthReport) },
  },
  {
    method: "get", path: "/api/metrics", operationId: "getMetrics", tag: "Operations", access: "metrics",
    summary: "Prometheus metrics of this instance", answers: { 200: { description: "Prometheus text.", contentType: "text/plain" } }, errors: [401, 404],
  },
  {
    method: "get", path: "/api/openapi.json", operationId: "getOpenApiDocument", tag: "Operations", access: "public",
    summary: "This document (OpenAPI 3.1); a readable reference is at /docs/api", answers: { 200: json("The document.", z.looseObject({ openapi: z.literal("3.1.0") })) },
  },
  // The embedded local driver's signed URLs (S3 drivers sign URLs to the bucket instead).
  ...(["get", "head", "put"] as const).map(
    (method): Operation => ({
      method, path: "/api/storage/{key}", operationId: `${method}StoredObject`, tag: "Storage", access: "signed",
      summary: method === "put" ? "Store an object's bytes through a signed URL" : "Read an object through a signed URL",
      description: "Only with the `op`, `expires` and `signature` query parameters the server signed; the local driver's stand-in for presigned S3 URLs.",
      params: z.object({ key: z.string().describe("The object's key, as signed.") }),
      answers: { 200: { description: method === "put" ? "Stored; the ETag header is its MD5." : "The bytes.", contentType: method === "put" ? undefined : "application/octet-stream" } },
      errors: [403, 404, 409],
    }),
  ),
];
