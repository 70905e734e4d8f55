import { expect, test as setup } from "./support/test";
import { authStatePath } from "./support/auth-state";
import { e2eAdmin } from "./support/e2e-admin";

// Runs once per server before its project (see playwright.config.ts): the server starts with no
// accounts, so this is the first run — the admin is created through the setup page, as a person
// would. The signed-in browser state is saved for every other spec of the project.

setup("first run: create the admin account on the setup page, then keep the session", async ({ page, baseURL }, testInfo) => {
  const project = testInfo.project.name.replace(/-setup$/, "");
  const status = await page.request.get("/api/setup");
  expect(status.status()).toBe(200);
  const { needsAdmin } = (await status.json()) as { needsAdmin: boolean };

  if (needsAdmin) {
    // Any page sends a signed-out visitor to sign-in, and sign-in to setup while there is nobody.
    await page.goto("/gallery");
    await expect(page).toHaveURL(/\/setup$/);
    await expect(page.getByRole("heading", { name: "Create the admin account" })).toBeVisible();
    await page.getByLabel("Name").fill(e2eAdmin.name);
    await page.getByLabel("Email").fill(e2eAdmin.email);
    await page.getByLabel("Password", { exact: true }).fill(e2eAdmin.password);
    await page.getByLabel("Confirm password").fill(e2eAdmin.password);
    await page.getByRole("button", { name: "Create admin account" }).click();

    await expect(page).toHaveURL(`${baseURL}/`);
    await expect(page.getByTestId("signed-in-user")).toHaveText(e2eAdmin.name);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Gallery" })).toBeVisible();

    // One time only: the page now sends people on, and the API refuses a second admin.
    await page.goto("/setup");
    await expect(page).toHaveURL(`${baseURL}/`);
    const again = await page.request.post("/api/setup", { data: { email: "second@pixbucket.test", name: "Second", password: "another-password-1" } });
    expect(again.status()).toBe(409);
  } else {
    // Made already (a spec of another run on a reused server): sign in through the page instead.
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(e2eAdmin.email);
    await page.getByLabel("Password").fill(e2eAdmin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${baseURL}/`);
  }

  const me = await page.request.get("/api/me");
  expect(await me.json()).toMatchObject({ user: { email: e2eAdmin.email, role: "admin" } });
  await page.context().storageState({ path: authStatePath(project) });
});
