import "server-only";
import { consumeRateLimit } from "../rate-limit/consume-rate-limit";
import { clientAddress } from "../http/client-address";
import type { Runtime } from "../runtime";

const SIGN_IN_PATH = /\/api\/auth\/sign-in\/email$/;

/**
 * Sign-in attempts are limited per address and per email, in Postgres so every instance counts
 * together: 10 a minute per address, 5 a minute per email (a slow drip on one account). `body` is
 * the request's, already bounded and parsed (check-auth-request.ts).
 */
export async function guardSignIn(runtime: Runtime, request: Request, body: Record<string, unknown> | undefined): Promise<void> {
  if (request.method !== "POST" || !SIGN_IN_PATH.test(new URL(request.url).pathname)) return;
  const now = new Date();
  await consumeRateLimit(runtime.db, { key: `sign-in:ip:${clientAddress(request, runtime.config.trustedProxies)}`, limit: 10, windowSeconds: 60 }, now);
  if (typeof body?.email === "string") {
    await consumeRateLimit(runtime.db, { key: `sign-in:email:${body.email.toLowerCase()}`, limit: 5, windowSeconds: 60 }, now);
  }
}
