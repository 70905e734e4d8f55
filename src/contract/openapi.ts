/**
 * The OpenAPI 3.1 document, generated from `operations.ts` with zod's own JSON Schema output:
 * OpenAPI 3.1 schema objects are JSON Schema 2020-12, so no converter library sits between the
 * contract and the document (docs/decisions/0013-wire-contract.md).
 */
import { z } from "zod";
import { ErrorBody } from "./common";
import { operations, type Access, type Operation } from "./operations";

type JsonObject = Record<string, unknown>;

/** Statuses every operation of a kind can answer, whatever it does: the route wrapper's own. */
function commonErrors(operation: Operation): number[] {
  const statuses = new Set<number>(operation.errors ?? []);
  if (operation.params || operation.query || operation.body) statuses.add(400);
  if (operation.body) [413, 415].forEach((status) => statuses.add(status));
  const signedIn: Access[] = ["user", "session", "admin"];
  if (signedIn.includes(operation.access)) [401, 403].forEach((status) => statuses.add(status));
  statuses.add(503);
  return [...statuses].sort((a, b) => a - b);
}

const errorDescriptions: Record<number, string> = {
  400: "The request is not valid; `message` names the field.",
  401: "Sign in or send an API token (or the share link needs its password).",
  403: "Not allowed: a cross-site change, a missing token scope, or admins only.",
  404: "Unknown, or not the caller's.",
  409: "The resource is not in a state that allows this.",
  413: "The body is over its cap.",
  415: "The body is not JSON.",
  422: "The bytes are not a valid image.",
  429: "Too many attempts; wait `Retry-After` seconds.",
  503: "Storage or the database does not answer; retry after `Retry-After` seconds.",
};

/** Error bodies of routes that answer in S3's vocabulary or the auth library's own shape. */
const LooseErrorBody = z.looseObject({});
const StorageErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), requestId: z.string().optional() }) });

class SchemaCollector {
  readonly components: Record<string, JsonObject> = {};

  /** Converts one schema; named parts (`.meta({id})`) become shared components. */
  convert(schema: z.ZodType, io: "input" | "output"): JsonObject {
    const converted = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonObject;
    const { $schema: _dialect, $defs, ...root } = converted;
    void _dialect;
    for (const [name, definition] of Object.entries(($defs ?? {}) as Record<string, JsonObject>)) {
      const existing = this.components[name];
      if (existing && JSON.stringify(existing) !== JSON.stringify(rewriteRefs(definition))) {
        throw new Error(`Two different schemas are named ${name} in the contract.`);
      }
      this.components[name] = rewriteRefs(definition);
    }
    return rewriteRefs(root);
  }
}

function rewriteRefs<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as T;
}

function parametersOf(collector: SchemaCollector, schema: z.ZodObject | undefined, location: "path" | "query"): JsonObject[] {
  if (!schema) return [];
  const converted = collector.convert(schema, "input");
  const properties = (converted.properties ?? {}) as Record<string, JsonObject>;
  const required = new Set((converted.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    const isList = location === "query" && JSON.stringify(propertySchema).includes('"type":"array"');
    return {
      name,
      in: location,
      required: location === "path" || required.has(name),
      ...(description ? { description } : {}),
      ...(isList ? { style: "form", explode: true } : {}),
      schema: propertySchema,
    };
  });
}

function errorSchemaFor(operation: Operation): z.ZodType {
  if (operation.isAuthLibrary) return LooseErrorBody;
  if (operation.access === "signed") return StorageErrorBody;
  return ErrorBody;
}

function operationObject(collector: SchemaCollector, operation: Operation): JsonObject {
  const responses: Record<string, JsonObject> = {};
  for (const [status, answer] of Object.entries(operation.answers)) {
    const content = answer.schema
      ? { "application/json": { schema: collector.convert(answer.schema, "output") } }
      : answer.contentType
        ? { [answer.contentType]: { schema: { type: "string" } } }
        : undefined;
    responses[status] = {
      description: answer.description,
      ...(answer.headers ? { headers: Object.fromEntries(Object.entries(answer.headers).map(([name, description]) => [name, { description, schema: { type: "string" } }])) } : {}),
      ...(content ? { content } : {}),
    };
  }
  const errorSchema = collector.convert(errorSchemaFor(operation), "output");
  for (const status of commonErrors(operation)) {
    responses[String(status)] ??= { description: errorDescriptions[status] ?? "An error.", content: { "application/json": { schema: errorSchema } } };
  }
  const headerParameters = Object.entries(operation.requestHeaders ?? {}).map(([name, description]) => ({ name, in: "header", required: false, description, schema: { type: "string" } }));
  const parameters = [...parametersOf(collector, operation.params, "path"), ...parametersOf(collector, operation.query, "query"), ...headerParameters];
  return {
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.body ? { requestBody: { required: true, content: { "application/json": { schema: collector.convert(operation.body, "input") } } } } : {}),
    responses,
    security: securityFor(operation),
    ...(operation.scope ? { "x-token-scope": operation.scope } : {}),
  };
}

function securityFor(operation: Operation): JsonObject[] {
  switch (operation.access) {
    case "user":
      return [{ session: [] }, { apiToken: [] }];
    case "session":
    case "admin":
      return [{ session: [] }];
    case "metrics":
      return [{ metricsToken: [] }];
    case "public":
    case "signed":
      return [];
  }
}

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: JsonObject;
  paths: Record<string, Record<string, JsonObject>>;
  components: JsonObject;
  [key: string]: unknown;
}

/** `version`: the app's; `serverUrl`: where this instance answers, when known. */
export function buildOpenApiDocument(options: { version: string; serverUrl?: string }): OpenApiDocument {
  const collector = new SchemaCollector();
  const paths: OpenApiDocument["paths"] = {};
  for (const operation of operations) {
    (paths[operation.path] ??= {})[operation.method] = operationObject(collector, operation);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Pixbucket API",
      version: options.version,
      description:
        "The HTTP API the web UI, the `pixbucket` CLI and scripts use. JSON in and out, ISO-8601 UTC timestamps, opaque string ids. Lists are newest first in keyset pages (`?limit&cursor`, `nextCursor` null on the last page). A change made with the session cookie must be same-origin.",
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    tags: [...new Set(operations.map((operation) => operation.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: collector.components,
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "better-auth.session_token", description: "The session cookie set by signing in." },
        apiToken: { type: "http", scheme: "bearer", description: "An API token from Settings → Tokens, limited to its scopes (`x-token-scope`)." },
        metricsToken: { type: "http", scheme: "bearer", description: "PIXBUCKET_METRICS_TOKEN." },
      },
    },
  };
}
