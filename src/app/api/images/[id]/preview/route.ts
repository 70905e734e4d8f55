import { ensurePreview } from "@/server/images/ensure-preview";
import { toImageDto } from "@/server/images/image-dto";
import { IdParams } from "@/contract/common";
import { route } from "@/server/http/route";

// GET /api/images/{id}/preview — 302 to the display rendition's signed URL, drawing it on first view
export const GET = route({ params: IdParams }, async ({ ctx, params, request }) => {
  const image = await toImageDto(ctx, await ensurePreview(ctx, params.id));
  return new Response(null, { status: 302, headers: { Location: new URL(image.previewUrl, request.url).toString(), "Cache-Control": "private, no-store" } });
});
