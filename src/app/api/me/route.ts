import { route } from "@/server/http/route";

// GET /api/me — who the caller is
export const GET = route({}, async ({ ctx }) => {
  const { id, email, name, role } = ctx.user;
  return Response.json({ user: { id, email, name, role } }, { headers: { "Cache-Control": "no-store" } });
});
