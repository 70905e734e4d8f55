import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "./support/test";

// A page on another origin (here: another port of the same host, which browsers count as the same
// *site*, so the SameSite=Lax session cookie goes along) posts a form to the app while the admin is
// signed in. The form's text/plain body is valid JSON, the classic way round a JSON-only API.

let attacker: Server;
let attackerOrigin = "";

test.beforeAll(async () => {
  attacker = createServer((req, res) => {
    const target = new URL(req.url ?? "/", "http://x").searchParams.get("target") ?? "";
    const email = new URL(req.url ?? "/", "http://x").searchParams.get("email") ?? "";
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><title>win a prize</title>
<form id="f" method="post" enctype="text/plain" action="${target}/api/users">
  <input type="hidden" name='{"email":"${email}","name":"Planted","role":"admin","password":"planted-password-1","x":"' value='"}'>
</form>
<script>document.getElementById("f").submit();</script>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => attacker.close(() => resolve()));
});

test("a form auto-submitted from another origin cannot create a user with the admin's session", async ({ page, baseURL }) => {
  const email = `planted-${Date.now()}@pixbucket.test`;
  expect(new URL(attackerOrigin).origin).not.toBe(new URL(baseURL!).origin);
  // Signed in: the project's saved session.
  expect((await page.request.get("/api/me")).status()).toBe(200);

  const answer = page.waitForResponse((response) => response.url() === `${baseURL}/api/users` && response.request().method() === "POST");
  await page.goto(`${attackerOrigin}/?target=${encodeURIComponent(baseURL!)}&email=${encodeURIComponent(email)}`);
  const response = await answer;
  // 403 for being cross-site, not 401: the cookie went along, and the origin check refused it.
  expect(response.status()).toBe(403);
  expect(await response.json()).toMatchObject({ error: { code: "forbidden", message: expect.stringContaining("cross-site") } });

  const users = (await (await page.request.get("/api/users")).json()) as { users: { email: string }[] };
  expect(users.users.map((user) => user.email)).not.toContain(email);
});
