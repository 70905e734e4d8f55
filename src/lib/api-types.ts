/**
 * Shapes of the HTTP API's answers, shared by the server that builds them and the browser and
 * tests that read them, so the two sides cannot drift apart. Types only: no code runs here.
 */
import type { TokenScope } from "./token-scopes";

/** One image; `url` and `thumbnailUrl` are short-lived signed links. */
export interface ImageDto {
  id: string;
  name: string;
  type: string;
  size: number;
  width: number;
  height: number;
  createdAt: string;
  /** When the photo was taken, from its EXIF; null when the file does not say. */
  takenAt: string | null;
  url: string;
  thumbnailUrl: string;
  /**
   * The display rendition (WebP, long side ≤ 2048 px, upright, no metadata) the lightbox shows:
   * a signed link once it exists, else this app's `/api/images/{id}/preview`, which makes it and
   * redirects there. HEIC and very large originals are viewable in any browser this way.
   */
  previewUrl: string;
  /** `missing`: the original vanished from storage; the image can only be removed. */
  state: "ok" | "missing";
}

/** One album as its owner sees it. */
export interface AlbumDto {
  id: string;
  name: string;
  imageCount: number;
  /** The cover's thumbnail (a short-lived signed GET); null for an empty album. */
  coverThumbnailUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export type ShareExpiry = "1h" | "1d" | "7d" | "never";
export type ShareState = "active" | "expired" | "revoked";

/**
 * A share link as its owner sees it. The link itself is not here: only its hash is stored, so the
 * full URL exists in the create answer alone.
 */
export interface ShareDto {
  id: string;
  state: ShareState;
  imageCount: number;
  /** The first image's thumbnail (a short-lived signed GET), null when every image was deleted. */
  thumbnailUrl: string | null;
  viewCount: number;
  hasPassword: boolean;
  expiresAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

/** An API token as listed and as created: never its secret. */
export interface ApiTokenDto {
  id: string;
  name: string;
  /** The first characters of the token, to tell tokens apart. */
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** What the token may do (see token-scopes.ts). */
  scopes: TokenScope[];
}

/** An invite as GET /api/invites lists it (admins); never the token, which is shown once. */
export interface InviteDto {
  id: string;
  email: string | null;
  role: "admin" | "user";
  state: "pending" | "used" | "expired";
  createdBy: { id: string; email: string };
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

/** One line of `pixbucket doctor` / GET /api/admin/storage-check. */
export interface StorageCheckDto {
  name: string;
  status: "ok" | "warn" | "fail";
  message: string;
  fix?: string;
}

/** A reconcile run as Settings → Storage shows it. */
export interface ReconcileRunDto {
  id: string;
  trigger: string;
  isDryRun: boolean;
  startedAt: string;
  finishedAt: string | null;
  counts: { imagesChecked: number; markedMissing: number; renditionsRegenerated: number; orphansRemoved: number; errors: number } | null;
  samples: { missing: string[]; orphans: string[]; errors: string[] } | null;
}
