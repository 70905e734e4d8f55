import { route } from "@/server/http/route";
import { createApiToken, CreateTokenInput, listApiTokens } from "@/server/tokens/api-tokens";

// GET /api/tokens — the caller's API tokens (never their secrets)
export const GET = route({}, async ({ ctx }) => {
  return Response.json({ tokens: await listApiTokens(ctx) }, { headers: { "Cache-Control": "no-store" } });
});

// POST /api/tokens — create a named token; the secret is in this response only
export const POST = route({ body: CreateTokenInput }, async ({ ctx, body }) => {
  return Response.json(await createApiToken(ctx, body), { status: 201, headers: { "Cache-Control": "no-store" } });
});
