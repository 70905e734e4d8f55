import "server-only";
import type { z } from "zod";
import { createServiceContext, LOCAL_OWNER, type ServiceContext } from "../context";
import { getRuntime } from "../runtime";
import { badRequest, unavailable } from "./errors";
import { toErrorResponse } from "./error-response";

type RouteParams = { params: Promise<Record<string, string | string[] | undefined>> };

interface RouteOptions<TBody extends z.ZodType | undefined, TParams extends z.ZodType | undefined, TQuery extends z.ZodType | undefined> {
  body?: TBody;
  params?: TParams;
  query?: TQuery;
}

type Parsed<T> = T extends z.ZodType ? z.infer<T> : undefined;

interface HandlerArgs<TBody, TParams, TQuery> {
  ctx: ServiceContext;
  body: TBody;
  params: TParams;
  query: TQuery;
  request: Request;
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest("The request body is not valid JSON.");
  }
}

/**
 * The route wrapper: resolves the caller, builds the service context, parses body, params and
 * query with the route's zod schemas, and maps every error to `{error:{code,message}}`.
 */
export function route<
  TBody extends z.ZodType | undefined = undefined,
  TParams extends z.ZodType | undefined = undefined,
  TQuery extends z.ZodType | undefined = undefined,
>(
  options: RouteOptions<TBody, TParams, TQuery>,
  handler: (args: HandlerArgs<Parsed<TBody>, Parsed<TParams>, Parsed<TQuery>>) => Promise<Response>,
) {
  return async (request: Request, segment: RouteParams): Promise<Response> => {
    let runtime;
    try {
      runtime = await getRuntime();
    } catch {
      return toErrorResponse(unavailable("Pixbucket could not reach its database or storage. Check the server log."), console);
    }
    try {
      const ctx = createServiceContext(runtime, LOCAL_OWNER);
      const body = options.body ? options.body.parse(await readJson(request)) : undefined;
      const params = options.params ? options.params.parse(await segment.params) : undefined;
      const query = options.query ? options.query.parse(Object.fromEntries(new URL(request.url).searchParams)) : undefined;
      return await handler({ ctx, body, params, query, request } as HandlerArgs<Parsed<TBody>, Parsed<TParams>, Parsed<TQuery>>);
    } catch (error) {
      return toErrorResponse(error, runtime.logger);
    }
  };
}
