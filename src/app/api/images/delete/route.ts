import { route } from "@/server/http/route";
import { deleteImages } from "@/server/images/delete-images";
import { DeleteImagesInput } from "@/contract/images";

// POST /api/images/delete — bulk delete {"ids": [...]}
export const POST = route({ body: DeleteImagesInput }, async ({ ctx, body }) => {
  return Response.json({ deleted: await deleteImages(ctx, body) });
});
