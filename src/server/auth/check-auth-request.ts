import "server-only";
import { badRequest } from "../errors";
import { readJsonBody } from "../http/read-json-body";

// RFC 5321's limit on an address; a few thousand characters would overflow the unique index on users.email.
const MAX_EMAIL_LENGTH = 254;

export interface CheckedAuthRequest {
  /** What the auth library reads: the same request, its body already bounded and parsed. */
  request: Request;
  body: Record<string, unknown> | undefined;
}

/**
 * The auth library reads bodies whole and hands strings straight to the database, so its requests
 * pass our own bounds first: JSON only, 64 KiB, no NUL characters, an email of at most 254.
 */
export async function checkAuthRequest(request: Request): Promise<CheckedAuthRequest> {
  if (request.method === "GET" || request.method === "HEAD") return { request, body: undefined };
  const value = await readJsonBody(request);
  if (value !== undefined && (typeof value !== "object" || value === null || Array.isArray(value))) throw badRequest("The request body must be a JSON object.");
  const body = value as Record<string, unknown> | undefined;
  if (typeof body?.email === "string" && body.email.length > MAX_EMAIL_LENGTH) throw badRequest(`email: must be at most ${MAX_EMAIL_LENGTH} characters.`);
  const headers = new Headers(request.headers);
  // The body is sent on re-serialized, so its original length no longer applies.
  headers.delete("content-length");
  headers.delete("transfer-encoding");
  const checked = new Request(request.url, { method: request.method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { request: checked, body };
}
