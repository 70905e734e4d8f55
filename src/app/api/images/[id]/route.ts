import { getImageRow } from "@/server/images/get-image";
import { deleteImage } from "@/server/images/delete-images";
import { toImageDto } from "@/server/images/image-dto";
import { IdParams } from "@/contract/common";
import { route } from "@/server/http/route";

// GET /api/images/{id}
export const GET = route({ params: IdParams }, async ({ ctx, params }) => {
  const image = await toImageDto(ctx, await getImageRow(ctx, params.id));
  return Response.json({ image }, { headers: { "Cache-Control": "no-store" } });
});

// DELETE /api/images/{id} — the original, its thumbnail and its row
export const DELETE = route({ params: IdParams }, async ({ ctx, params }) => {
  await deleteImage(ctx, params.id);
  return new Response(null, { status: 204 });
});
