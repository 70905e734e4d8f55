import { toImageDto } from "@/server/images/image-dto";
import { IdParams } from "@/server/http/params";
import { route } from "@/server/http/route";
import { CompleteUploadInput, completeUpload } from "@/server/uploads/complete-upload";

// POST /api/uploads/{id}/complete — verify the stored bytes, then index the image (multipart: {"parts": [..]})
export const POST = route({ params: IdParams, body: CompleteUploadInput }, async ({ ctx, params, body }) => {
  const image = await completeUpload(ctx, params.id, body);
  return Response.json({ image: await toImageDto(ctx, image) }, { status: 201 });
});
