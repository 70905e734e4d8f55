import { route } from "@/server/http/route";
import { createUser, NewUserInput } from "@/server/users/create-user";
import { listUsers } from "@/server/users/manage-users";

// GET /api/users — admin: every account
export const GET = route({ access: "admin" }, async ({ ctx }) => {
  return Response.json({ users: await listUsers(ctx) }, { headers: { "Cache-Control": "no-store" } });
});

// POST /api/users — admin: create an account with a password
export const POST = route({ access: "admin", body: NewUserInput }, async ({ ctx, body }) => {
  return Response.json({ user: await createUser(ctx, body) }, { status: 201 });
});
