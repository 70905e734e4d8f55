import { IdParams } from "@/contract/common";
import { route } from "@/server/http/route";
import { updateUser } from "@/server/users/manage-users";
import { UpdateUserInput } from "@/contract/users";

// PATCH /api/users/{id} — admin: {"disabled": true|false}; disabling ends sessions and tokens at once
export const PATCH = route({ access: "admin", params: IdParams, body: UpdateUserInput }, async ({ ctx, params, body }) => {
  return Response.json({ user: await updateUser(ctx, params.id, body) });
});
