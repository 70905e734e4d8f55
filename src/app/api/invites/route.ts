import { route } from "@/server/http/route";
import { CreateInviteInput, createInvite } from "@/server/users/invites";

// POST /api/invites — admin: a single-use sign-up link
export const POST = route({ access: "admin", body: CreateInviteInput }, async ({ ctx, body }) => {
  return Response.json({ invite: await createInvite(ctx, body) }, { status: 201, headers: { "Cache-Control": "no-store" } });
});
