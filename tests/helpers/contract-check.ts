import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { buildOpenApiDocument, type OpenApiDocument } from "@/contract/openapi";

/**
 * Checks every answer the integration suite receives against the OpenAPI document: the status
 * must be one the operation lists, and a JSON body must match that status's schema. Violations
 * are collected here and fail the test that caused them (tests/helpers/contract-setup.ts).
 */
interface PathMatcher {
  template: string;
  regex: RegExp;
  literalSegments: number;
}

const document: OpenApiDocument = buildOpenApiDocument({ version: "test" });
const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
ajv.addSchema({ $id: "pixbucket", components: document.components }, "pixbucket");

const matchers: PathMatcher[] = Object.keys(document.paths)
  .map((template) => ({
    template,
    regex: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{key\}/g, ".+").replace(/\{[^}]+\}/g, "[^/]+")}$`),
    literalSegments: template.split("/").filter((segment) => segment && !segment.startsWith("{")).length,
  }))
  .sort((a, b) => b.literalSegments - a.literalSegments);

const validators = new Map<string, ValidateFunction>();
const violations: string[] = [];
let checkedAnswers = 0;

type JsonObject = Record<string, unknown>;

function validatorFor(key: string, schema: JsonObject): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    // Component refs point into the registered document, so rewrite them to its id.
    const rewritten = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"pixbucket#/components/')) as JsonObject;
    validate = ajv.compile(rewritten);
    validators.set(key, validate);
  }
  return validate;
}

/** The operation's template for a request, or null when the document has no such path and method. */
export function findOperation(method: string, pathname: string): { template: string; operation: JsonObject } | null {
  const lower = method.toLowerCase();
  for (const matcher of matchers) {
    if (!matcher.regex.test(pathname)) continue;
    const operation = document.paths[matcher.template]?.[lower];
    if (operation) return { template: matcher.template, operation };
  }
  return null;
}

export async function checkAnswer(request: Pick<Request, "method" | "url">, response: Response): Promise<void> {
  const pathname = new URL(request.url).pathname;
  const found = findOperation(request.method, pathname);
  if (!found) return; // no route has this path and method: the dispatcher answers 404/405 itself
  checkedAnswers += 1;
  const where = `${request.method} ${pathname} (${found.template}) → ${response.status}`;
  const answers = found.operation.responses as Record<string, JsonObject>;
  const answer = answers[String(response.status)];
  if (!answer) {
    violations.push(`${where}: the document lists no ${response.status} for this operation (it lists ${Object.keys(answers).join(", ")})`);
    return;
  }
  const jsonSchema = (answer.content as Record<string, { schema: JsonObject }> | undefined)?.["application/json"]?.schema;
  if (!jsonSchema || request.method === "HEAD") return;
  const text = await response.clone().text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    violations.push(`${where}: the document promises JSON, the body is ${JSON.stringify(text.slice(0, 120))}`);
    return;
  }
  const validate = validatorFor(`${found.template} ${request.method} ${response.status}`, jsonSchema);
  if (!validate(body)) {
    violations.push(`${where}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 400)}`);
  }
}

/** Wraps a request handler so every answer it gives is checked. */
export function checkingAnswers(handler: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    // Only the method and URL: cloning would tee (and buffer) a streamed request body.
    const { method, url } = request;
    const response = await handler(request);
    await checkAnswer({ method, url }, response);
    return response;
  };
}

/** The violations since the last call, emptied. */
export function takeViolations(): string[] {
  return violations.splice(0, violations.length);
}

export function checkedAnswerCount(): number {
  return checkedAnswers;
}
