/**
 * Shapes every resource shares: ids, timestamps, keyset pages and the error body. The contract
 * modules are plain zod, with no I/O, so the server, the browser, the CLI and the tests all import
 * the same definitions (see docs/decisions/0013-wire-contract.md).
 */
import { z } from "zod";

/** Cursors are opaque base64url text; the cap keeps a forged one from costing anything to reject. */
export const MAX_CURSOR_LENGTH = 2048;

/** An opaque text id (no guessable counts). */
export const Id = z.string().min(1).max(64);

/** Route params that carry one opaque id. */
export const IdParams = z.object({ id: Id });
export type IdParams = z.infer<typeof IdParams>;

/** ISO-8601 UTC, as `Date.toISOString()` writes it. */
export const Timestamp = z.iso.datetime();

/** `?limit&cursor` of every newest-first list. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(60).describe("Items per page (1–200)."),
  cursor: z.string().min(1).max(MAX_CURSOR_LENGTH).optional().describe("The previous page's `nextCursor`."),
});
export type PageQuery = z.input<typeof PageQuery>;

/** The cursor of the page after this one; null on the last page. */
export const NextCursor = z.string().nullable();

/** The codes the server's error family throws; `http/error-response.ts` maps each to one status. */
export const errorCodes = [
  "bad_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "too_large",
  "unsupported_type",
  "invalid_image",
  "rate_limited",
  "unavailable",
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** Every 4xx/5xx under /api: `{error:{code,message,requestId}}`. */
export const ErrorBody = z
  .object({
    error: z.object({
      /** `internal_error` (500) is a bug: the detail is in the server log under `requestId`. */
      code: z.enum([...errorCodes, "internal_error"]),
      message: z.string(),
      /** The `X-Request-Id` of this answer, to find its log lines. */
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: "Error" });
export type ErrorBody = z.infer<typeof ErrorBody>;
