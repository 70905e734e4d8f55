import { toImageDto } from "@/server/images/image-dto";
import { IdParams } from "@/contract/common";
import { route } from "@/server/http/route";
import { completeUpload } from "@/server/uploads/complete-upload";
import { CompleteUploadInput } from "@/contract/uploads";

// 10,000 parts at about 60 bytes of JSON each fit with room to spare.
const MAX_BODY_BYTES = 1024 * 1024;

// POST /api/uploads/{id}/complete — verify the stored bytes, then index the image (multipart: {"parts": [..]}).
// Bytes the library already holds: 200 {"duplicateOf": {"id","name"}}, and the copy is removed.
export const POST = route({ params: IdParams, body: CompleteUploadInput, maxBodyBytes: MAX_BODY_BYTES }, async ({ ctx, params, body }) => {
  const outcome = await completeUpload(ctx, params.id, body);
  if ("duplicateOf" in outcome) return Response.json({ duplicateOf: outcome.duplicateOf });
  return Response.json({ image: await toImageDto(ctx, outcome.image) }, { status: 201 });
});
