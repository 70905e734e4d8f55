import { expect, test as base } from "@playwright/test";

export { expect };

/** Chromium reports every blocked script, style, image or fetch on the console in these words. */
const cspViolation = /Content Security Policy/i;

/**
 * The `test` every spec uses: the same as Playwright's, plus two checks that run around each test
 * without being asked for. Any CSP violation on the console fails the test (a page that works only
 * because a blocked script was optional is still broken), and every page the browser opens must
 * carry the security headers as HTTP headers.
 */
export const test = base.extend<{ securityGuard: void }>({
  securityGuard: [
    async ({ context, baseURL }, use) => {
      const appOrigin = baseURL ? new URL(baseURL).origin : undefined;
      const violations: string[] = [];
      const pagesWithoutHeaders: string[] = [];
      context.on("console", (message) => {
        if (cspViolation.test(message.text())) violations.push(message.text());
      });
      context.on("response", (response) => {
        const request = response.request();
        // Downloads navigate to storage's signed URLs too; only the app's own pages are checked.
        if (request.resourceType() !== "document" || response.status() >= 300 || new URL(response.url()).origin !== appOrigin) return;
        const headers = response.headers();
        if (!headers["content-security-policy"]?.includes("frame-ancestors 'none'") || headers["x-content-type-options"] !== "nosniff") {
          pagesWithoutHeaders.push(response.url());
        }
      });
      await use();
      expect(violations, "Content Security Policy violations on the console").toEqual([]);
      expect(pagesWithoutHeaders, "pages answered without the security headers").toEqual([]);
    },
    { auto: true },
  ],
});
