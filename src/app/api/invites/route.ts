import { route } from "@/server/http/route";
import { createInvite } from "@/server/users/invites";
import { CreateInviteInput, ListInvitesInput } from "@/contract/invites";
import { listInvites } from "@/server/users/list-invites";

// GET /api/invites?limit&cursor — admin: every admin's invites, newest first, with their state
export const GET = route({ access: "admin", query: ListInvitesInput }, async ({ ctx, query }) => {
  return Response.json(await listInvites(ctx, query), { headers: { "Cache-Control": "no-store" } });
});

// POST /api/invites — admin: a single-use sign-up link
export const POST = route({ access: "admin", body: CreateInviteInput }, async ({ ctx, body }) => {
  return Response.json({ invite: await createInvite(ctx, body) }, { status: 201, headers: { "Cache-Control": "no-store" } });
});
