import { toAlbumDto } from "@/server/albums/album-dto";
import { createAlbum } from "@/server/albums/create-album";
import { CreateAlbumInput, ListAlbumsInput } from "@/contract/albums";
import { listAlbums } from "@/server/albums/list-albums";
import { route } from "@/server/http/route";

// GET /api/albums?limit&cursor — the caller's albums, newest first
export const GET = route({ query: ListAlbumsInput }, async ({ ctx, query }) => {
  return Response.json(await listAlbums(ctx, query), { headers: { "Cache-Control": "no-store" } });
});

// POST /api/albums {"name"}
export const POST = route({ body: CreateAlbumInput }, async ({ ctx, body }) => {
  return Response.json({ album: await toAlbumDto(ctx, await createAlbum(ctx, body)) }, { status: 201 });
});
