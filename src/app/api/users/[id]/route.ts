import { IdParams } from "@/server/http/params";
import { route } from "@/server/http/route";
import { UpdateUserInput, updateUser } from "@/server/users/manage-users";

// PATCH /api/users/{id} — admin: {"disabled": true|false}; disabling ends sessions and tokens at once
export const PATCH = route({ access: "admin", params: IdParams, body: UpdateUserInput }, async ({ ctx, params, body }) => {
  return Response.json({ user: await updateUser(ctx, params.id, body) });
});
