import { expect, test } from "./support/test";

// Settings → API tokens: a token gets upload and read unless more is ticked, and does only that.

test("a token made in settings with 'Delete images' ticked lists its scopes and may delete, not share", async ({ page, request }) => {
  const name = `scoped-${Date.now().toString(36)}`;
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Create API token" });
  await expect(form.getByRole("checkbox", { name: "Upload" })).toBeChecked();
  await expect(form.getByRole("checkbox", { name: "Read images" })).toBeChecked();
  await expect(form.getByRole("checkbox", { name: "Share links" })).not.toBeChecked();
  await form.getByLabel("Token name").fill(name);
  await form.getByRole("checkbox", { name: "Delete images" }).check();
  await form.getByRole("button", { name: "Create token" }).click();

  const token = (await page.getByTestId("new-token-value").textContent())!.trim();
  await expect(page.getByTestId("token-row").filter({ hasText: name })).toContainText("upload, read, delete");

  const bearer = { authorization: `Bearer ${token}` };
  const deleted = await request.post("/api/images/delete", { data: { ids: ["not-an-image"] }, headers: bearer });
  expect(deleted.status(), await deleted.text()).toBe(200);
  const shared = await request.post("/api/shares", { data: { imageIds: ["not-an-image"], expiresIn: "1h" }, headers: bearer });
  expect(shared.status()).toBe(403);
  expect(await shared.json()).toMatchObject({ error: { code: "forbidden", message: expect.stringContaining("'share'") } });
});
