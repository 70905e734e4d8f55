import { IdParams } from "@/contract/common";
import { route } from "@/server/http/route";
import { revokeShare } from "@/server/shares/revoke-share";

// DELETE /api/shares/{id} — revoke a link; it answers 404 from then on
export const DELETE = route({ params: IdParams }, async ({ ctx, params }) => {
  await revokeShare(ctx, params.id);
  return new Response(null, { status: 204 });
});
