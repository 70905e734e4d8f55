import { getDownloadUrl } from "@/server/images/download-url";
import { IdParams } from "@/contract/common";
import { route } from "@/server/http/route";

// GET /api/images/{id}/download — 302 to a short-lived attachment URL with the original name
export const GET = route({ params: IdParams }, async ({ ctx, params, request }) => {
  const url = await getDownloadUrl(ctx, params.id);
  return new Response(null, { status: 302, headers: { Location: new URL(url, request.url).toString(), "Cache-Control": "no-store" } });
});
