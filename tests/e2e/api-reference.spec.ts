import { expect, test } from "./support/test";

// Runs on both stacks: the API reference renders the generated document in Chromium, offline.
test.use({ storageState: { cookies: [], origins: [] } }); // public: no session needed

test("/docs/api renders every operation with no console error and no request off this origin", async ({ page, baseURL }) => {
  const appOrigin = new URL(baseURL!).origin;
  const consoleErrors: string[] = [];
  const offOrigin: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol !== "data:" && url.protocol !== "blob:" && url.origin !== appOrigin) offOrigin.push(request.url());
  });

  const document = (await (await page.request.get("/api/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
  const operationCount = Object.values(document.paths).reduce((sum, item) => sum + Object.keys(item).length, 0);

  await page.goto("/docs/api");
  // The renderer is a 1.7 MB chunk of its own, fetched on this page only: allow for a slow first load.
  await expect(page.getByRole("heading", { name: /Pixbucket API/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator(".opblock")).toHaveCount(operationCount);

  // Opening one operation shows its parameters and its answer's schema.
  await page.locator("#operations-Images-listImages .opblock-summary").click();
  await expect(page.locator("#operations-Images-listImages").getByText("takenFrom", { exact: true })).toBeVisible();
  await expect(page.locator("#operations-Images-listImages").getByText("nextCursor").first()).toBeVisible();

  expect(consoleErrors).toEqual([]);
  expect(offOrigin).toEqual([]);
});
