import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/test-app";

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

  const signIn = (origin: string, password = app.password) =>
    app.anonymous("/api/auth/sign-in/email", {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: origin },
      body: JSON.stringify({ email: app.user.email, password }),
    });

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
});
