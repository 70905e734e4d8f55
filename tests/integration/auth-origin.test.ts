import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/test-app";

function signInTo(app: TestApp, origin: string, password: string, headers: Record<string, string> = {}) {
  return app.anonymous("/api/auth/sign-in/email", {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: origin, ...headers },
    body: JSON.stringify({ email: app.user.email, password }),
  });
}

// The zero-config start has no PIXBUCKET_PUBLIC_URL. Browsers send an Origin header with every
// sign-in; it must be accepted when it is the address the request went to, and refused otherwise.

describe("sign-in origin check without a configured public URL", () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp("embedded", { PIXBUCKET_PUBLIC_URL: "" });
  });
  afterAll(async () => {
    await app?.close();
  });

  const signIn = (origin: string, password = app.password, headers: Record<string, string> = {}) => signInTo(app, origin, password, headers);

  it("has no public URL in its config", () => {
    expect(app.runtime.config.publicUrl).toBeUndefined();
  });

  it("accepts a browser on the same origin as the request", async () => {
    const response = await signIn(app.origin);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(response.headers.getSetCookie().join(";")).toContain("session_token");
  });

  it("refuses a page on another origin", async () => {
    const response = await signIn("http://evil.example");
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it("forged X-Forwarded-Host/Proto from a client (no trusted proxy): ignored, the other origin is still refused", async () => {
    const response = await signIn("https://evil.example", app.password, { "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https" });
    expect(response.status).toBe(403);
  });
});

describe("origin behind a trusted proxy without a configured public URL", () => {
  let app: TestApp;

  beforeAll(async () => {
    // The test client connects from loopback: it plays the proxy.
    app = await startTestApp("embedded", { PIXBUCKET_PUBLIC_URL: "", PIXBUCKET_TRUSTED_PROXIES: "127.0.0.1/32,::1" });
  });
  afterAll(async () => {
    await app?.close();
  });

  const forwarded = { "X-Forwarded-Host": "pix.example.com", "X-Forwarded-Proto": "https" };

  it("accepts the browser origin the proxy forwarded, and refuses another", async () => {
    expect((await signInTo(app, "https://pix.example.com", app.password, forwarded)).status).toBe(200);
    expect((await signInTo(app, "http://evil.example", app.password, forwarded)).status).toBe(403);
  });

  it("builds local storage URLs on the forwarded origin", async () => {
    const signed = await app.api("/api/uploads", {
      method: "POST",
      headers: { "Content-Type": "application/json", ...forwarded },
      body: JSON.stringify({ files: [{ name: "a.jpg", type: "image/jpeg", size: 1000, md5: "1B2M2Y8AsgTpgAmY7PhCfg==" }] }),
    });
    const [upload] = ((await signed.json()) as { uploads: { url: string }[] }).uploads;
    expect(upload!.url).toMatch(/^https:\/\/pix\.example\.com\//);
  });
});

