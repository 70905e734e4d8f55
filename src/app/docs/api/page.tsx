import type { Metadata } from "next";
import { ApiReference } from "@/components/api-reference/api-reference";

export const metadata: Metadata = { title: "API reference" };

// /docs/api — the HTTP API's reference, rendered from GET /api/openapi.json; public, like the document
export default function ApiReferencePage() {
  return (
    <div className="mx-auto max-w-6xl bg-white px-4 py-6">
      <ApiReference documentUrl="/api/openapi.json" />
    </div>
  );
}
