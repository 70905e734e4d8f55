import { expect, type BrowserContext, type Cookie } from "@playwright/test";
import { e2eAdmin } from "./e2e-admin";

/** Session cookies per server origin, made once per worker: sign-in is rate limited per email. */
const sessions = new Map<string, Cookie[]>();

/**
 * Makes `context` signed in on `origin`. A context that already is (the project's saved session,
 * see auth.setup.ts) is left alone. A server without a setup project of its own (the short-expiry
 * one) gets the e2e admin through the setup API, and the session is reused by later contexts.
 */
export async function signIn(context: BrowserContext, origin: string): Promise<void> {
  if ((await context.request.get(`${origin}/api/me`)).ok()) return;
  const known = sessions.get(origin);
  if (known) {
    await context.addCookies(known);
    if ((await context.request.get(`${origin}/api/me`)).ok()) return;
    sessions.delete(origin);
  }
  const setup = await context.request.get(`${origin}/api/setup`);
  if (setup.ok() && ((await setup.json()) as { needsAdmin?: boolean }).needsAdmin) {
    const created = await context.request.post(`${origin}/api/setup`, { data: e2eAdmin });
    // 409: another worker or spec made the first admin a moment ago.
    expect([201, 409], await created.text()).toContain(created.status());
  }
  const signedIn = await context.request.post(`${origin}/api/auth/sign-in/email`, {
    data: { email: e2eAdmin.email, password: e2eAdmin.password },
    headers: { origin },
  });
  expect(signedIn.status(), `signing in as ${e2eAdmin.email} on ${origin}: ${await signedIn.text()}`).toBe(200);
  const { cookies } = await context.storageState();
  sessions.set(origin, cookies);
}
