import { toImageDto } from "@/server/images/image-dto";
import { IdParams } from "@/server/http/params";
import { route } from "@/server/http/route";
import { completeUpload } from "@/server/uploads/complete-upload";

// POST /api/uploads/{id}/complete — verify the stored bytes, then index the image
export const POST = route({ params: IdParams }, async ({ ctx, params }) => {
  const image = await completeUpload(ctx, params.id);
  return Response.json({ image: await toImageDto(ctx, image) }, { status: 201 });
});
