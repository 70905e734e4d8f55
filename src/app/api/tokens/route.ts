import { route } from "@/server/http/route";
import { createApiToken, listApiTokens } from "@/server/tokens/api-tokens";
import { CreateTokenInput, ListTokensInput } from "@/contract/tokens";

// GET /api/tokens?limit&cursor — the caller's API tokens (never their secrets), newest first
export const GET = route({ query: ListTokensInput }, async ({ ctx, query }) => {
  return Response.json(await listApiTokens(ctx, query), { headers: { "Cache-Control": "no-store" } });
});

// POST /api/tokens — create a named token; the secret is in this response only
export const POST = route({ body: CreateTokenInput }, async ({ ctx, body }) => {
  return Response.json(await createApiToken(ctx, body), { status: 201, headers: { "Cache-Control": "no-store" } });
});
