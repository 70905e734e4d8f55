import { route } from "@/server/http/route";
import { createUser } from "@/server/users/create-user";
import { ListUsersInput, NewUserInput } from "@/contract/users";
import { listUsers } from "@/server/users/manage-users";

// GET /api/users?limit&cursor — admin: every account, newest first
export const GET = route({ access: "admin", query: ListUsersInput }, async ({ ctx, query }) => {
  return Response.json(await listUsers(ctx, query), { headers: { "Cache-Control": "no-store" } });
});

// POST /api/users — admin: create an account with a password
export const POST = route({ access: "admin", body: NewUserInput }, async ({ ctx, body }) => {
  return Response.json({ user: await createUser(ctx, body) }, { status: 201 });
});
