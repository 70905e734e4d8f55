import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listRouteFiles, type RouteFile } from "../helpers/route-table";
import { startTestApp, type TestApp } from "../helpers/test-app";

// Property-based fuzzing of every API route file found on disk: random JSON (and not-JSON)
// bodies, random query strings and random path parameters, as a stranger, as a token and as a
// signed-in admin. Whatever arrives, the answer is never a 5xx, and every error is
// `{error:{code,message}}`.

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const RUNS_PER_ROUTE = 20;

/** Keys the real bodies use, so the fuzzer reaches past "unknown field" into each schema's checks. */
const knownKeys = ["files", "name", "type", "size", "md5", "ids", "imageIds", "expiresIn", "password", "email", "role", "parts", "partNumbers", "partNumber", "etag", "quota", "disabled", "scopes", "expiresInDays", "albumId", "currentPassword", "newPassword"];

const bodyText = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom(...knownKeys), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  fc.constant(""),
);
const queryText = fc
  .dictionary(fc.constantFrom("limit", "cursor", "q", "sort", "type", "takenFrom", "takenTo", "expiresIn", "x"), fc.string({ maxLength: 40 }), { maxKeys: 4 })
  .map((params) => new URLSearchParams(params).toString());
const segment = fc.oneof(fc.string({ minLength: 1, maxLength: 60 }), fc.constantFrom("..", "%00", "a".repeat(300), "0", "-1", "null"));

function pathFor(route: RouteFile, values: string[]): string {
  let index = 0;
  return route.pattern.replace(/\[(\.\.\.)?[^\]]+\]/g, () => encodeURIComponent(values[index++] ?? "x").replace(/%2F/gi, "/") || "x");
}

/** Every status seen, so the run can show it reached past the door (schemas, lookups, successes). */
const seen = new Map<number, number>();

async function expectWellFormed(response: Response, what: string): Promise<void> {
  seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
  expect(response.status, what).toBeLessThan(500);
  if (response.status < 400) {
    await response.body?.cancel();
    return;
  }
  const text = await response.text();
  let body: { error?: { code?: unknown; message?: unknown } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`${what}: ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  expect(typeof body.error?.code, `${what}: ${text.slice(0, 200)}`).toBe("string");
  expect(typeof body.error?.message, `${what}: ${text.slice(0, 200)}`).toBe("string");
}

describe("fuzzing every API route", () => {
  let app: TestApp;
  let session: (pathname: string, init?: RequestInit) => Promise<Response>;

  beforeAll(async () => {
    app = await startTestApp("embedded", { PIXBUCKET_SWEEP_INTERVAL_SECONDS: "0" });
    session = await app.signIn();
  });
  afterAll(() => app?.close());

  for (const route of listRouteFiles()) {
    it(`${route.pattern}: never a 5xx, every error {error:{code,message}}`, async () => {
      const exported = (await import(route.file)) as Record<string, unknown>;
      const methods = METHODS.filter((method) => typeof exported[method] === "function");
      const parameterCount = (route.pattern.match(/\[/g) ?? []).length;
      // Signing out or changing the password would end the session the rest of the run uses.
      const isSessionEnding = (path: string) => /\/api\/auth\/(sign-out|change-password|revoke)/.test(path);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...methods),
          fc.array(segment, { minLength: parameterCount, maxLength: parameterCount }),
          queryText,
          bodyText,
          fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain"),
          fc.constantFrom("stranger", "token", "session"),
          async (method, values, query, body, contentType, who) => {
            const path = `${pathFor(route, values)}${query ? `?${query}` : ""}`;
            const init: RequestInit = { method, ...(method === "GET" ? {} : { body, headers: { "Content-Type": contentType } }) };
            const caller = who === "stranger" || (who === "session" && isSessionEnding(path)) ? app.anonymous : who === "token" ? app.api : session;
            await expectWellFormed(await caller(path, init), `${who} ${method} ${path} ${contentType} ${body.slice(0, 80)}`);
          },
        ),
        { numRuns: RUNS_PER_ROUTE * methods.length },
      );
    }, 120_000);
  }

  it("reached every layer: successes, schema refusals, missing records, missing credentials", () => {
    const count = (predicate: (status: number) => boolean) => [...seen].filter(([status]) => predicate(status)).reduce((sum, [, times]) => sum + times, 0);
    expect(count((status) => status >= 200 && status < 300), JSON.stringify([...seen])).toBeGreaterThan(0);
    for (const status of [400, 401, 404, 415]) expect(seen.get(status) ?? 0, `status ${status}: ${JSON.stringify([...seen])}`).toBeGreaterThan(0);
    expect(count((status) => status >= 500)).toBe(0);
  });
});
