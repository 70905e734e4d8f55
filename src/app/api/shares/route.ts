import { route } from "@/server/http/route";
import { createShare } from "@/server/shares/create-share";
import { CreateShareInput, ListSharesInput } from "@/contract/shares";
import { listShares } from "@/server/shares/list-shares";

// GET /api/shares?limit&cursor — the caller's share links with their state, newest first
export const GET = route({ query: ListSharesInput }, async ({ ctx, query }) => {
  return Response.json(await listShares(ctx, query), { headers: { "Cache-Control": "no-store" } });
});

// POST /api/shares — share some of the caller's images; the link is in this response only
export const POST = route({ body: CreateShareInput }, async ({ ctx, body }) => {
  return Response.json(await createShare(ctx, body), { status: 201, headers: { "Cache-Control": "no-store" } });
});
