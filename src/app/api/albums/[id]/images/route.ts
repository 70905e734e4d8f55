import { AlbumImagesInput } from "@/contract/albums";
import { addAlbumImages } from "@/server/albums/change-album-images";
import { IdParams } from "@/contract/common";
import { route } from "@/server/http/route";

// POST /api/albums/{id}/images {"imageIds": [..]} (1..500) → {"added": n}
export const POST = route({ params: IdParams, body: AlbumImagesInput }, async ({ ctx, params, body }) => {
  return Response.json({ added: await addAlbumImages(ctx, params.id, body) });
});
