import { expect, test } from "./support/test";

// Runs on both stacks (see playwright.config.ts): the app starts, is healthy and renders its shell.
test("the home page renders", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveTitle(/Pixbucket/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});

test("the server runs on the stack its project names", async ({ request }, testInfo) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const expected = testInfo.project.name === "s3" ? { storage: "s3", database: "postgres" } : { storage: "local", database: "pglite" };
  expect(await response.json()).toMatchObject({ status: "ok", ...expected });
});
