import { getImageDetails } from "@/server/images/get-image-details";
import { IdParams } from "@/contract/common";
import { route } from "@/server/http/route";

// GET /api/images/{id}/details — date taken, camera, lens, exposure, GPS: the owner only
export const GET = route({ params: IdParams }, async ({ ctx, params }) => {
  const details = await getImageDetails(ctx, params.id);
  return Response.json({ details }, { headers: { "Cache-Control": "private, no-store" } });
});
