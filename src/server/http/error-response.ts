import "server-only";
import { z } from "zod";
import type { Logger } from "../logger";
import { AppError, type ErrorCode } from "./errors";

export function errorResponse(status: number, code: ErrorCode | "internal_error", message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: { code, message } }, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

/** Turns a zod issue into a sentence naming the field, e.g. "files.0.size: Too small". */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "The request is not valid.";
  const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return `${where}${issue.message}`;
}

/** The one mapping from thrown errors to HTTP. Unknown errors: a generic 500, the detail to the log. */
export function toErrorResponse(error: unknown, logger: Pick<Logger, "error">): Response {
  if (error instanceof AppError) return errorResponse(error.status, error.code, error.message, error.headers);
  if (error instanceof z.ZodError) return errorResponse(400, "bad_request", describeZodError(error));
  logger.error({ err: error }, "unhandled error in route");
  return errorResponse(500, "internal_error", "Something went wrong on our side. Try again; if it keeps happening, check the server log.");
}
