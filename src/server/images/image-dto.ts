import "server-only";
import type { ServiceContext } from "../context";
import type { ImageDto } from "@/contract/images";
import { contentDisposition } from "@/lib/content-disposition";
import type { ImageRow } from "../db/schema";

export type { ImageDto } from "@/contract/images";

/**
 * URLs are signed as of the start of a fixed window rather than "now", so the same image keeps
 * the same URL for a while and browsers can cache it; validity still covers the full lifetime.
 */
function signingWindow(ctx: ServiceContext): { signedAt: Date; expiresInSeconds: number } {
  const lifetime = ctx.config.images.viewUrlExpiresInSeconds;
  const windowMs = Math.floor((lifetime * 1000) / 4);
  const now = ctx.now().getTime();
  const signedAt = new Date(now - (now % windowMs));
  return { signedAt, expiresInSeconds: lifetime + Math.ceil(windowMs / 1000) };
}

export async function toImageDto(ctx: ServiceContext, image: ImageRow): Promise<ImageDto> {
  const window = signingWindow(ctx);
  // The verified type is forced on delivery, so bytes are never sniffed into something runnable.
  const [original, thumbnail, preview] = await Promise.all([
    ctx.storage.presignGet({
      key: image.key,
      ...window,
      responseContentType: image.type,
      responseContentDisposition: contentDisposition("inline", image.name, image.type),
    }),
    ctx.storage.presignGet({ key: image.thumbnailKey, ...window, responseContentType: "image/webp" }),
    image.previewKey ? ctx.storage.presignGet({ key: image.previewKey, ...window, responseContentType: "image/webp" }) : null,
  ]);
  return {
    id: image.id,
    name: image.name,
    type: image.type,
    size: image.size,
    width: image.width,
    height: image.height,
    createdAt: image.createdAt.toISOString(),
    takenAt: image.takenAt?.toISOString() ?? null,
    url: original.url,
    thumbnailUrl: thumbnail.url,
    // Not made yet: our own route makes it on first view (see ensure-preview.ts).
    previewUrl: preview?.url ?? `${ctx.origin}/api/images/${encodeURIComponent(image.id)}/preview`,
    state: image.state,
  };
}
