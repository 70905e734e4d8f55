import "server-only";

/** Logged error messages and stacks are cut here: an SDK can put a whole response body in one. */
export const MAX_LOGGED_ERROR_CHARS = 2048;

const REDACTED = "[redacted]";

// Header and field names whose values are credentials, wherever they sit in a log object.
const secretKeys = /^(authorization|proxy-authorization|cookie|set-cookie|x-share-password|x-amz-security-token|password|new-?password|current-?password|secret|secret-?access-?key|token|api-?token|access-?token|refresh-?token|session-?token)$/i;

// Query parameters that make a signed URL work: S3's and the local driver's signature.
const signedQueryParameter = /([?&](?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|Signature|signature)=)[^&#\s"'<>]*/g;

// Bearer tokens and this app's token formats, should one turn up inside a message.
const bearerToken = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;
const appToken = /\b(pb[a-z]_)[A-Za-z0-9_-]{8,}/g;

/** A string with signatures, credentials and tokens replaced, the rest kept for reading. */
export function redactText(text: string): string {
  return text.replace(signedQueryParameter, `$1${REDACTED}`).replace(bearerToken, `$1${REDACTED}`).replace(appToken, `$1${REDACTED}`);
}

export function truncate(text: string, maxChars = MAX_LOGGED_ERROR_CHARS): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}… [${text.length - maxChars} more characters]`;
}

/** What a logged error becomes: type, redacted and truncated message and stack, its code, and its cause once. */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: truncate(redactText(String(error))) };
  const serialized: Record<string, unknown> = {
    type: error.name,
    message: truncate(redactText(error.message)),
    stack: error.stack ? truncate(redactText(error.stack)) : undefined,
  };
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" || typeof code === "number") serialized.code = code;
  if (error.cause !== undefined && depth < 2) serialized.cause = serializeError(error.cause, depth + 1);
  return serialized;
}

const MAX_DEPTH = 6;

/** A copy of a log object with secret fields masked, URLs' signatures removed and errors serialized. */
export function redactLogValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (value instanceof Error) return serializeError(value);
  if (value === null || typeof value !== "object" || depth >= MAX_DEPTH) return value;
  if (value instanceof URL) return redactText(value.toString());
  if (Array.isArray(value)) return value.map((item) => redactLogValue(item, depth + 1));
  if (value instanceof Headers) return redactLogValue(Object.fromEntries(value), depth);
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    copy[key] = secretKeys.test(key) && inner !== undefined && inner !== null ? REDACTED : redactLogValue(inner, depth + 1);
  }
  return copy;
}
