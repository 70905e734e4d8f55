import { publicRoute } from "@/server/http/route";
import { NewAccountInput } from "@/contract/users";
import { createFirstAdmin, hasAnyUser } from "@/server/users/create-first-admin";

// GET /api/setup — whether the one-time admin creation is still open
export const GET = publicRoute({}, async ({ ctx }) => {
  return Response.json({ needsAdmin: !(await hasAnyUser(ctx)) }, { headers: { "Cache-Control": "no-store" } });
});

// POST /api/setup — create the first admin (only while there are no users)
export const POST = publicRoute({ body: NewAccountInput }, async ({ ctx, body }) => {
  return Response.json({ user: await createFirstAdmin(ctx, body) }, { status: 201 });
});
