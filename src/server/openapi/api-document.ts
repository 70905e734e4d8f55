import "server-only";
import packageJson from "../../../package.json";
import { buildOpenApiDocument, type OpenApiDocument } from "@/contract/openapi";

let document: OpenApiDocument | undefined;

/** The document never changes while the process runs: built once, on first request. */
export function apiDocument(): OpenApiDocument {
  document ??= buildOpenApiDocument({ version: packageJson.version });
  return document;
}
