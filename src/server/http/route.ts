import "server-only";
import type { z } from "zod";
import { resolveCaller } from "../auth/resolve-caller";
import { createPublicContext, createServiceContext, type PublicContext, type ServiceContext } from "../context";
import { getRuntime, type Runtime } from "../runtime";
import { AppError, badRequest, unavailable } from "../errors";
import { assertSameOrigin } from "./assert-same-origin";
import { toErrorResponse } from "./error-response";
import { assertNoNulBytes, readJsonBody } from "./read-json-body";
import { requestOrigin } from "./request-origin";
import { withRequestScope } from "./with-request-scope";

type RouteParams = { params: Promise<Record<string, string | string[] | undefined>> };

interface Schemas<TBody extends z.ZodType | undefined, TParams extends z.ZodType | undefined, TQuery extends z.ZodType | undefined> {
  body?: TBody;
  params?: TParams;
  query?: TQuery;
  /** The body's cap when it is not the default 64 KiB (see read-json-body.ts). */
  maxBodyBytes?: number;
}

interface RouteOptions<TBody extends z.ZodType | undefined, TParams extends z.ZodType | undefined, TQuery extends z.ZodType | undefined>
  extends Schemas<TBody, TParams, TQuery> {
  /** Who may call: any signed-in user (default) or admins only (a second guard: admin verbs refuse non-admins themselves). */
  access?: "user" | "admin";
}

type Parsed<T> = T extends z.ZodType ? z.infer<T> : undefined;

interface Inputs<TBody, TParams, TQuery> {
  body: TBody;
  params: TParams;
  query: TQuery;
  request: Request;
}

/** Query parameters as an object; a repeated one (`?type=a&type=b`) becomes an array, capped so a URL cannot build a huge one. */
function queryObject(url: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of new URL(url).searchParams) {
    assertNoNulBytes(name, "query");
    assertNoNulBytes(value, `query.${name}`);
    const existing = result[name];
    if (existing === undefined) result[name] = value;
    else if (Array.isArray(existing)) {
      if (existing.length >= MAX_REPEATS) throw badRequest(`The parameter ${name} is repeated more than ${MAX_REPEATS} times.`);
      existing.push(value);
    } else result[name] = [existing, value];
  }
  return result;
}
const MAX_REPEATS = 20;

async function parseInputs<TBody extends z.ZodType | undefined, TParams extends z.ZodType | undefined, TQuery extends z.ZodType | undefined>(
  schemas: Schemas<TBody, TParams, TQuery>,
  request: Request,
  segment: RouteParams,
): Promise<Inputs<Parsed<TBody>, Parsed<TParams>, Parsed<TQuery>>> {
  const rawParams = await segment.params;
  assertNoNulBytes(rawParams, "path");
  const params = schemas.params ? schemas.params.parse(rawParams) : undefined;
  const query = schemas.query ? schemas.query.parse(queryObject(request.url)) : undefined;
  const body = schemas.body ? schemas.body.parse(await readJsonBody(request, schemas.maxBodyBytes)) : undefined;
  return { body, params, query, request } as Inputs<Parsed<TBody>, Parsed<TParams>, Parsed<TQuery>>;
}

/** Runs a handler with the shared runtime, mapping every error to `{error:{code,message}}`. */
function withRuntime(handler: (runtime: Runtime, request: Request, segment: RouteParams) => Promise<Response>) {
  return withRequestScope(async (request: Request, segment: RouteParams): Promise<Response> => {
    let runtime: Runtime;
    try {
      runtime = await getRuntime();
    } catch {
      return toErrorResponse(unavailable("Pixbucket could not reach its database or storage. Check the server log."), console);
    }
    try {
      return await handler(runtime, request, segment);
    } catch (error) {
      return toErrorResponse(error, runtime.logger);
    }
  });
}

/**
 * The route wrapper: resolves the caller (session cookie or API token; 401 otherwise), refuses a
 * cross-site change made with the cookie (assert-same-origin.ts), checks the access level, parses
 * params, query and body with the route's zod schemas, and maps every error.
 */
export function route<
  TBody extends z.ZodType | undefined = undefined,
  TParams extends z.ZodType | undefined = undefined,
  TQuery extends z.ZodType | undefined = undefined,
>(
  options: RouteOptions<TBody, TParams, TQuery>,
  handler: (args: Inputs<Parsed<TBody>, Parsed<TParams>, Parsed<TQuery>> & { ctx: ServiceContext }) => Promise<Response>,
) {
  return withRuntime(async (runtime, request, segment) => {
    const user = await resolveCaller(runtime, request);
    if (!user) throw new AppError("unauthorized", "Sign in, or send an API token as 'Authorization: Bearer <token>'.");
    if (!user.tokenId) assertSameOrigin(request, runtime.config);
    if (options.access === "admin" && user.role !== "admin") throw new AppError("forbidden", "Only an admin can do this.");
    const inputs = await parseInputs(options, request, segment);
    return handler({ ...inputs, ctx: createServiceContext(runtime, user, requestOrigin(request, runtime.config)) });
  });
}

/** For the few routes anyone may call (first-run setup, invites, public share pages). */
export function publicRoute<
  TBody extends z.ZodType | undefined = undefined,
  TParams extends z.ZodType | undefined = undefined,
  TQuery extends z.ZodType | undefined = undefined,
>(
  schemas: Schemas<TBody, TParams, TQuery>,
  handler: (args: Inputs<Parsed<TBody>, Parsed<TParams>, Parsed<TQuery>> & { ctx: PublicContext }) => Promise<Response>,
) {
  return withRuntime(async (runtime, request, segment) => {
    const inputs = await parseInputs(schemas, request, segment);
    return handler({ ...inputs, ctx: createPublicContext(runtime, requestOrigin(request, runtime.config)) });
  });
}
