import { IdParams } from "@/contract/common";
import { route } from "@/server/http/route";
import { abortUpload } from "@/server/uploads/abort-upload";

// DELETE /api/uploads/{id} — cancel: abort and remove whatever was sent
export const DELETE = route({ params: IdParams }, async ({ ctx, params }) => {
  await abortUpload(ctx, params.id);
  return new Response(null, { status: 204 });
});
