import { like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rateLimits } from "@/server/db/schema";
import { runMaintenance } from "@/server/reconcile/run-maintenance";
import { startTestApp, type TestApp } from "../helpers/test-app";

// Sign-in allows 10 attempts a minute per caller address (guard-sign-in.ts). Each attempt uses a
// new email so the per-email limit (5) never decides; what decides is which address is believed.

const signIn = (app: TestApp, headers: Record<string, string>, index: number) =>
  app.anonymous("/api/auth/sign-in/email", {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: app.origin, ...headers },
    body: JSON.stringify({ email: `visitor-${index}-${Math.random().toString(36).slice(2)}@pixbucket.test`, password: "wrong-password-1" }),
  });

async function statusesOf(app: TestApp, headersFor: (index: number) => Record<string, string>, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let index = 0; index < count; index += 1) statuses.push((await signIn(app, headersFor(index), index)).status);
  return statuses;
}

describe("client addresses with no trusted proxy", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp("embedded", { PIXBUCKET_SWEEP_INTERVAL_SECONDS: "0" });
  });
  afterAll(() => app?.close());

  it("forged X-Forwarded-For / X-Real-IP: ignored, the socket's address is limited (11th attempt 429)", async () => {
    const statuses = await statusesOf(app, (index) => ({ "X-Forwarded-For": `203.0.113.${index}`, "X-Real-IP": `198.51.100.${index}` }), 11);
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it("forged peer-address header: overwritten by the socket's address, still limited", async () => {
    const statuses = await statusesOf(app, (index) => ({ "X-Pixbucket-Peer-Address": `192.0.2.${index}` }), 1);
    expect(statuses[0]).toBe(429);
  });

  it("rate-limit rows: keys are `kind:sha256`, holding no email or address", async () => {
    const rows = await app.runtime.db.select().from(rateLimits);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.key).toMatch(/^[a-z0-9-]{1,32}:[A-Za-z0-9_-]{43}$/);
      expect(row.key).not.toMatch(/pixbucket\.test|127\.0\.0\.1|203\.0\.113/);
    }
  });

  it("expired windows: purged by the sweeper's tick, live ones kept", async () => {
    const longAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await app.runtime.db.insert(rateLimits).values({ key: "test-purge:old", windowStartedAt: longAgo, count: 3 });
    const liveBefore = (await app.runtime.db.select().from(rateLimits).where(like(rateLimits.key, "sign-in:%"))).length;
    await runMaintenance({ ...app.runtime, now: () => new Date() });
    expect(await app.runtime.db.select().from(rateLimits).where(like(rateLimits.key, "test-purge:%"))).toEqual([]);
    expect((await app.runtime.db.select().from(rateLimits).where(like(rateLimits.key, "sign-in:%"))).length).toBe(liveBefore);
  });
});

describe("client addresses behind one trusted proxy (PIXBUCKET_TRUSTED_PROXIES=1)", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp("embedded", { PIXBUCKET_TRUSTED_PROXIES: "1", PIXBUCKET_SWEEP_INTERVAL_SECONDS: "0" });
  });
  afterAll(() => app?.close());

  it("entries a client wrote left of the proxy's: not believed (rotating them still hits 429)", async () => {
    const statuses = await statusesOf(app, (index) => ({ "X-Forwarded-For": `10.9.${index}.1, 203.0.113.50` }), 11);
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it("the address the proxy appended: its own limit (another visitor is not blocked)", async () => {
    const [status] = await statusesOf(app, () => ({ "X-Forwarded-For": "203.0.113.51" }), 1);
    expect(status).toBe(401);
  });
});
