import { publicRoute } from "@/server/http/route";
import { NewAccountInput } from "@/contract/users";
import { acceptInvite } from "@/server/users/invites";
import { InviteTokenParams } from "@/contract/invites";

// POST /api/invites/{token}/accept — public: create the invited account
export const POST = publicRoute({ params: InviteTokenParams, body: NewAccountInput }, async ({ ctx, params, body }) => {
  return Response.json({ user: await acceptInvite(ctx, params.token, body) }, { status: 201 });
});
