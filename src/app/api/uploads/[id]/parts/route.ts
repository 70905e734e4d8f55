import { IdParams } from "@/contract/common";
import { route } from "@/server/http/route";
import { listUploadedParts } from "@/server/uploads/list-uploaded-parts";
import { signParts } from "@/server/uploads/sign-parts";
import { SignPartsInput } from "@/contract/uploads";

// POST /api/uploads/{id}/parts — sign part URLs {"partNumbers": [..]}
export const POST = route({ params: IdParams, body: SignPartsInput }, async ({ ctx, params, body }) => {
  return Response.json({ parts: await signParts(ctx, params.id, body) });
});

// GET /api/uploads/{id}/parts — the parts storage already has, to resume
export const GET = route({ params: IdParams }, async ({ ctx, params }) => {
  return Response.json({ parts: await listUploadedParts(ctx, params.id) }, { headers: { "Cache-Control": "no-store" } });
});
