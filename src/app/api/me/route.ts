import { route } from "@/server/http/route";
import { getUsage } from "@/server/usage/get-usage";

// GET /api/me — who the caller is, what they hold and their quota
export const GET = route({}, async ({ ctx }) => {
  const { id, email, name, role } = ctx.user;
  return Response.json({ user: { id, email, name, role }, ...(await getUsage(ctx)) }, { headers: { "Cache-Control": "no-store" } });
});
