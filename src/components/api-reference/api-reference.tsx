"use client";

import "swagger-ui-dist/swagger-ui.css";
import { useEffect, useRef, useState } from "react";

/**
 * The OpenAPI document rendered by Swagger UI, bundled with the app: the page makes no request
 * beyond this origin (no CDN, no online validator). The 1.7 MB renderer loads on this page only.
 */
export function ApiReference({ documentUrl }: { documentUrl: string }) {
  const container = useRef<HTMLDivElement>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let isCancelled = false;
    import("swagger-ui-dist/swagger-ui-bundle.js")
      .then(({ default: SwaggerUIBundle }) => {
        if (isCancelled || !container.current) return;
        SwaggerUIBundle({ domNode: container.current, url: documentUrl, validatorUrl: null, deepLinking: true, defaultModelsExpandDepth: 0 });
      })
      .catch(() => setFailure("The API reference could not load. Reload the page; the document itself is at /api/openapi.json."));
    return () => {
      isCancelled = true;
    };
  }, [documentUrl]);

  return (
    <div>
      {failure ? <p role="alert">{failure}</p> : null}
      <div ref={container} data-testid="api-reference" />
    </div>
  );
}
