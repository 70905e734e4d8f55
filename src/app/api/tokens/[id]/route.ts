import { IdParams } from "@/contract/common";
import { route } from "@/server/http/route";
import { revokeApiToken } from "@/server/tokens/api-tokens";

// DELETE /api/tokens/{id} — revoke; it stops working at once
export const DELETE = route({ params: IdParams }, async ({ ctx, params }) => {
  await revokeApiToken(ctx, params.id);
  return new Response(null, { status: 204 });
});
