import { z } from "zod";
import { route } from "@/server/http/route";
import { revokeInvite } from "@/server/users/revoke-invite";

// Next allows one name per dynamic segment, and /api/invites/{token}/accept took `token` first:
// here the segment carries the invite's id.
const Params = z.object({ token: z.string().min(1).max(64) }).transform(({ token }) => ({ id: token }));

// DELETE /api/invites/{id} — admin: revoke an unused invite; its link stops working at once
export const DELETE = route({ access: "admin", params: Params }, async ({ ctx, params }) => {
  await revokeInvite(ctx, params.id);
  return new Response(null, { status: 204 });
});
