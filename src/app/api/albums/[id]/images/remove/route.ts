import { AlbumImagesInput } from "@/contract/albums";
import { removeAlbumImages } from "@/server/albums/change-album-images";
import { IdParams } from "@/contract/common";
import { route } from "@/server/http/route";

// POST /api/albums/{id}/images/remove {"imageIds": [..]} → {"removed": n}; the images stay in the library
export const POST = route({ params: IdParams, body: AlbumImagesInput }, async ({ ctx, params, body }) => {
  return Response.json({ removed: await removeAlbumImages(ctx, params.id, body) });
});
