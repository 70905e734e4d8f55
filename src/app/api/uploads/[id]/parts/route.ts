import { IdParams } from "@/server/http/params";
import { route } from "@/server/http/route";
import { listUploadedParts } from "@/server/uploads/list-uploaded-parts";
import { SignPartsInput, signParts } from "@/server/uploads/sign-parts";

// POST /api/uploads/{id}/parts — sign part URLs {"partNumbers": [..]}
export const POST = route({ params: IdParams, body: SignPartsInput }, async ({ ctx, params, body }) => {
  return Response.json({ parts: await signParts(ctx, params.id, body) });
});

// GET /api/uploads/{id}/parts — the parts storage already has, to resume
export const GET = route({ params: IdParams }, async ({ ctx, params }) => {
  return Response.json({ parts: await listUploadedParts(ctx, params.id) }, { headers: { "Cache-Control": "no-store" } });
});
