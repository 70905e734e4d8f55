import { route } from "@/server/http/route";
import { checkStorage } from "@/server/storage-check/check-storage";

// GET /api/admin/storage-check — admin: the same checks as `pixbucket doctor`
export const GET = route({ access: "admin" }, async ({ ctx }) => {
  return Response.json({ checks: await checkStorage(ctx) }, { headers: { "Cache-Control": "no-store" } });
});
