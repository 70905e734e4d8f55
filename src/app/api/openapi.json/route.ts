import { withRequestScope } from "@/server/http/with-request-scope";
import { apiDocument } from "@/server/openapi/api-document";

// GET /api/openapi.json — public: the OpenAPI 3.1 document, generated from src/contract
export const GET = withRequestScope(async (): Promise<Response> => {
  return Response.json(apiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
});
