import { toAlbumDto } from "@/server/albums/album-dto";
import { deleteAlbum } from "@/server/albums/delete-album";
import { getAlbumRow } from "@/server/albums/get-album";
import { updateAlbum } from "@/server/albums/update-album";
import { UpdateAlbumInput } from "@/contract/albums";
import { IdParams } from "@/contract/common";
import { route } from "@/server/http/route";

// GET /api/albums/{id}
export const GET = route({ params: IdParams }, async ({ ctx, params }) => {
  return Response.json({ album: await toAlbumDto(ctx, await getAlbumRow(ctx, params.id)) }, { headers: { "Cache-Control": "no-store" } });
});

// PATCH /api/albums/{id} {"name"?, "coverImageId"?}
export const PATCH = route({ params: IdParams, body: UpdateAlbumInput }, async ({ ctx, params, body }) => {
  return Response.json({ album: await toAlbumDto(ctx, await updateAlbum(ctx, params.id, body)) });
});

// DELETE /api/albums/{id} — the album goes, its images stay
export const DELETE = route({ params: IdParams }, async ({ ctx, params }) => {
  await deleteAlbum(ctx, params.id);
  return new Response(null, { status: 204 });
});
