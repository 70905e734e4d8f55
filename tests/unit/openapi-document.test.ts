import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/contract/openapi";
import { listRouteFiles } from "../helpers/route-table";

const document = buildOpenApiDocument({ version: "test" });
const methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;

/** `/api/albums/[id]/images` and `/api/albums/{id}/images` both become `/api/albums/{}/images`. */
const normalize = (path: string) => path.replace(/\[\.\.\.[^\]]+\]|\{[^}]+\}|\[[^\]]+\]/g, "{}");

function routeOperations(): { method: string; pattern: string; isCatchAll: boolean }[] {
  return listRouteFiles().flatMap((route) => {
    const source = readFileSync(route.file, "utf8");
    return methods
      .filter((method) => new RegExp(`^export (const|async function) ${method}\\b`, "m").test(source))
      .map((method) => ({ method, pattern: route.pattern, isCatchAll: route.pattern.includes("[...") }));
  });
}

function documentOperations(): { method: string; path: string }[] {
  return Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => ({ method: method.toUpperCase(), path })));
}

/** A catch-all route (`/api/auth/[...all]`) serves every documented path under its prefix. */
function routeServes(route: { method: string; pattern: string; isCatchAll: boolean }, operation: { method: string; path: string }): boolean {
  if (route.method !== operation.method) return false;
  if (route.isCatchAll && !route.pattern.startsWith("/api/storage/")) return operation.path.startsWith(route.pattern.slice(0, route.pattern.indexOf("[...")));
  return normalize(route.pattern) === normalize(operation.path);
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe("3.1.0");
  });

  it("documents every method of every route file", () => {
    const operations = documentOperations();
    const undocumented = routeOperations().filter((route) => !operations.some((operation) => routeServes(route, operation)));
    expect(undocumented).toEqual([]);
  });

  it("has a route file for every operation", () => {
    const routes = routeOperations();
    const unrouted = documentOperations().filter((operation) => !routes.some((route) => routeServes(route, operation)));
    expect(unrouted).toEqual([]);
  });

  it("names every operation once", () => {
    const ids = Object.values(document.paths).flatMap((item) => Object.values(item).map((operation) => operation.operationId as string));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("answers every signed-in operation's 401 and 403 with the error body", () => {
    const listImages = document.paths["/api/images"]?.get as { responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
    expect(Object.keys(listImages.responses)).toEqual(expect.arrayContaining(["200", "400", "401", "403", "404", "503"]));
    expect(listImages.responses["401"]?.content?.["application/json"]?.schema).toEqual({ $ref: "#/components/schemas/Error" });
  });

  it("keeps defaults and transforms on the input side of request bodies", () => {
    const createToken = document.paths["/api/tokens"]?.post as { requestBody: { content: Record<string, { schema: { required?: string[]; properties: Record<string, { default?: unknown }> } }> } };
    const schema = createToken.requestBody.content["application/json"]!.schema;
    expect(schema.required).toEqual(["name"]);
    expect(schema.properties.scopes?.default).toEqual(["upload", "read"]);
  });
});
