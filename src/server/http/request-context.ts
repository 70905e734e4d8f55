import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/** The response header that carries the request id (also in every error body and log line). */
export const REQUEST_ID_HEADER = "X-Request-Id";

interface RequestScope {
  requestId: string;
}

// One store per process, shared by every route bundle: Next may load this module more than once.
const globalForScope = globalThis as unknown as { pixbucketRequestScope?: AsyncLocalStorage<RequestScope> };
const scope = (globalForScope.pixbucketRequestScope ??= new AsyncLocalStorage<RequestScope>());

/**
 * Runs `fn` with a fresh request id that logs and error bodies pick up without being handed it.
 * A client's own X-Request-Id is never reused: an unconfigured header is not trusted.
 */
export function runWithRequestId<T>(fn: (requestId: string) => T): T {
  const requestId = randomUUID();
  return scope.run({ requestId }, () => fn(requestId));
}

/** The id of the request being served, or undefined outside one (start-up, the sweeper). */
export function currentRequestId(): string | undefined {
  return scope.getStore()?.requestId;
}
