import "server-only";
import { errorCodes, type ErrorCode } from "@/contract/common";

/**
 * The one error family services throw. It is data only — a code, a message a person can act on and,
 * for throttling, how long to wait — so services never depend on the transport;
 * `http/error-response.ts` alone turns it into a status and headers.
 */
export { errorCodes, type ErrorCode };

export interface AppErrorDetails {
  /** Seconds the caller should wait before trying again (throttling, temporary outages). */
  readonly retryAfterSeconds?: number;
}

export class AppError extends Error {
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    details: AppErrorDetails = {},
  ) {
    super(message);
    this.name = "AppError";
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

export const badRequest = (message: string) => new AppError("bad_request", message);
export const notFound = (what: string) => new AppError("not_found", `${what} was not found.`);
export const conflict = (message: string) => new AppError("conflict", message);
export const unavailable = (message: string) => new AppError("unavailable", message);
