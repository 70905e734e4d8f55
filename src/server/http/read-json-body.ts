import "server-only";
import { AppError, badRequest } from "../errors";

/** The cap on a JSON body unless a route sets its own: far above any form or list this API takes. */
export const DEFAULT_MAX_JSON_BYTES = 64 * 1024;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

const notJson = () => new AppError("unsupported_type", "Send the request body as JSON, with 'Content-Type: application/json'.");
const tooLarge = (maxBytes: number) => new AppError("too_large", `The request body is over ${Math.round(maxBytes / 1024)} KiB, the limit for this request.`);

/**
 * The body as text, refusing it past `maxBytes` before it is held: by Content-Length up front,
 * else by counting a streamed body as it arrives. A refused stream is left unread rather than
 * cancelled: cancelling would reset the socket before the 413 is sent.
 */
async function readBoundedText(request: Request, maxBytes: number): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw tooLarge(maxBytes);
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw badRequest("The request body is not valid UTF-8.");
  }
}

/** Throws 400 naming the field when a string (or key) holds a NUL byte, which Postgres text cannot store. */
export function assertNoNulBytes(value: unknown, where = "body"): void {
  if (typeof value === "string") {
    if (value.includes("\u0000")) throw badRequest(`${where}: must not contain NUL characters.`);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => assertNoNulBytes(item, `${where}.${index}`));
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      assertNoNulBytes(key, where);
      assertNoNulBytes(item, `${where}.${key}`);
    }
  }
}

/**
 * A JSON request body, or undefined when there is none. 415 for another content type, 413 past
 * `maxBytes`, 400 for bad JSON or NUL characters in any string.
 */
export async function readJsonBody(request: Request, maxBytes = DEFAULT_MAX_JSON_BYTES): Promise<unknown> {
  const type = request.headers.get("content-type");
  const isJson = type !== null && JSON_TYPE.test(type);
  if (type !== null && !isJson && request.headers.get("content-length") !== "0") {
    throw notJson();
  }
  const text = await readBoundedText(request, maxBytes);
  if (text.trim() === "") return undefined;
  if (!isJson) throw notJson();
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw badRequest("The request body is not valid JSON.");
  }
  assertNoNulBytes(value);
  return value;
}
