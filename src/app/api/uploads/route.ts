import { route } from "@/server/http/route";
import { createUploads } from "@/server/uploads/create-uploads";
import { CreateUploadsInput } from "@/contract/uploads";

// POST /api/uploads — sign a batch of 1..100 uploads
export const POST = route({ body: CreateUploadsInput }, async ({ ctx, body }) => {
  const uploads = await createUploads(ctx, body);
  return Response.json({ uploads });
});
