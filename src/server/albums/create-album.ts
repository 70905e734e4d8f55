import "server-only";
import type { ServiceContext } from "../context";
import { assertScope } from "../auth/caller-scopes";
import { albums, type AlbumRow } from "../db/schema";
import { newId } from "../ids";
import { CreateAlbumInput } from "@/contract/albums";

export async function createAlbum(ctx: ServiceContext, input: CreateAlbumInput): Promise<AlbumRow> {
  assertScope(ctx.user, "upload");
  const { name } = CreateAlbumInput.parse(input);
  const now = ctx.now();
  const [row] = await ctx.db.insert(albums).values({ id: newId(), ownerId: ctx.user.id, name, createdAt: now, updatedAt: now }).returning();
  return row!;
}
