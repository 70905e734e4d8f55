import { route } from "@/server/http/route";
import { listImages } from "@/server/images/list-images";
import { ListImagesInput } from "@/contract/images";

// GET /api/images?limit&cursor&q — newest first, keyset-paginated
export const GET = route({ query: ListImagesInput }, async ({ ctx, query }) => {
  return Response.json(await listImages(ctx, query), { headers: { "Cache-Control": "no-store" } });
});
