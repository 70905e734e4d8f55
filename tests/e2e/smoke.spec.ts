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

test("a 390 px phone: the header fits, every link and Sign out in view", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/gallery");
  // The header's own controls (a page may have its own "Upload" link too).
  const header = page.locator("header");
  const overflow = (selector: string) => page.locator(selector).first().evaluate((element) => element.scrollWidth - element.clientWidth);
  expect(await overflow("header")).toBeLessThanOrEqual(0);
  expect(await overflow("header nav")).toBeLessThanOrEqual(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  for (const control of [
    header.getByRole("link", { name: "Upload" }),
    header.getByRole("link", { name: "Gallery" }),
    header.getByRole("link", { name: "Shared" }),
    header.getByRole("link", { name: "Settings" }),
    header.getByRole("button", { name: "Sign out" }),
  ]) {
    const box = await control.boundingBox();
    expect(box, `${control}`).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  }
});

test("the favicon and app icons are served, and a first page logs no console error", async ({ page, request }) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.goto("/gallery");
  for (const rel of ["icon", "apple-touch-icon"]) {
    const href = await page.locator(`link[rel="${rel}"]`).first().getAttribute("href");
    expect(href, rel).toBeTruthy();
    const icon = await request.get(href!);
    expect(icon.status(), href!).toBe(200);
    expect(icon.headers()["content-type"]).toMatch(/^image\//);
  }
  const favicon = await request.get("/favicon.ico");
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["content-type"]).toMatch(/icon/);
  await page.waitForLoadState("networkidle");
  expect(errors).toEqual([]);
});

test("an API route answers a method it does not serve with 405, never an HTML page", async ({ request }) => {
  for (const [method, path] of [["PUT", "/api/images"], ["PATCH", "/api/uploads"], ["POST", "/api/health"]] as const) {
    const response = await request.fetch(path, { method, headers: { "Content-Type": "application/json" }, data: "{}" });
    expect(response.status(), `${method} ${path}`).toBe(405);
    expect(response.headers()["content-type"] ?? "", `${method} ${path}`).not.toMatch(/html/);
  }
});
