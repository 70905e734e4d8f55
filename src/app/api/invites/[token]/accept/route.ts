import { z } from "zod";
import { publicRoute } from "@/server/http/route";
import { AcceptInviteInput, acceptInvite } from "@/server/users/invites";

const Params = z.object({ token: z.string().min(10).max(200) });

// POST /api/invites/{token}/accept — public: create the invited account
export const POST = publicRoute({ params: Params, body: AcceptInviteInput }, async ({ ctx, params, body }) => {
  return Response.json({ user: await acceptInvite(ctx, params.token, body) }, { status: 201 });
});
