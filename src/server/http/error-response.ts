import "server-only";
import { z } from "zod";
import type { Logger } from "../logger";
import { isStorageFailure } from "../metrics/instrument-storage";
import { getMetrics } from "../metrics/metrics";
import { storageRefusalCode } from "../storage/storage-refusal";
import { currentRequestId } from "./request-context";
import { AppError, type ErrorCode } from "../errors";

/** The only mapping from the error family's codes to HTTP statuses. */
export const errorStatus = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_type: 415,
  invalid_image: 422,
  rate_limited: 429,
  unavailable: 503,
} as const satisfies Record<ErrorCode, number>;

function appErrorHeaders(error: AppError): Record<string, string> {
  const headers: Record<string, string> = error.retryAfterSeconds === undefined ? {} : { "Retry-After": String(error.retryAfterSeconds) };
  // A refused body may still be arriving: closing the connection stops the client sending the rest.
  if (error.code === "too_large") headers.Connection = "close";
  return headers;
}

/**
 * `{error:{code,message,requestId}}`: the request id (also the X-Request-Id header) lets a user's
 * report be matched to the server's log lines. `code` is one of ours, or an S3-like one from the
 * local storage routes.
 */
export function errorResponse(status: number, code: ErrorCode | "internal_error" | (string & {}), message: string, headers: Record<string, string> = {}): Response {
  const requestId = currentRequestId();
  return Response.json({ error: { code, message, ...(requestId ? { requestId } : {}) } }, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

/** Turns a zod issue into a sentence naming the field, e.g. "files.0.size: Too small". */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "The request is not valid.";
  const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return `${where}${issue.message}`;
}

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT"]);

/**
 * True when storage or the database could not be reached (refused, reset, timed out, shutting
 * down): the client caused nothing, and "try again later" is the honest answer.
 */
export function isUnreachableError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 4) return false;
  const { code, name, cause, errors } = error as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === "string" && (UNREACHABLE_CODES.has(code) || /^(08|57P)/.test(code))) return true; // pg: connection and shutdown classes
  if (name === "TimeoutError" || name === "AbortError") return true;
  if (Array.isArray(errors) && errors.some((inner) => isUnreachableError(inner, depth + 1))) return true;
  return isUnreachableError(cause, depth + 1);
}

/** The one mapping from thrown errors to HTTP. Unknown errors: a generic 500, the detail to the log. */
export function toErrorResponse(error: unknown, logger: Pick<Logger, "error" | "warn">): Response {
  if (error instanceof AppError) return errorResponse(errorStatus[error.code], error.code, error.message, appErrorHeaders(error));
  if (error instanceof z.ZodError) return errorResponse(400, "bad_request", describeZodError(error));
  if (isUnreachableError(error)) {
    if (!isStorageFailure(error)) getMetrics().databaseErrors.inc();
    logger.warn({ err: error }, "storage or database unreachable");
    return errorResponse(503, "unavailable", "Storage or the database is not answering right now; nothing was changed. Try again in a moment.", { "Retry-After": "5" });
  }
  const refusal = isStorageFailure(error) ? storageRefusalCode(error) : null;
  if (refusal) {
    logger.warn({ err: error }, "storage refused to store");
    return errorResponse(
      503,
      "unavailable",
      `Storage refused to store the file (${refusal}): it is full, over its quota or read-only. Nothing was indexed; once there is room, try again.`,
      { "Retry-After": "60" },
    );
  }
  logger.error({ err: error }, "unhandled error in route");
  return errorResponse(500, "internal_error", "Something went wrong on our side. Try again; if it keeps happening, check the server log.");
}
