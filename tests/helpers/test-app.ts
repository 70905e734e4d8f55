import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createPublicContext, createServiceContext, type CurrentUser } from "@/server/context";
import { TOKEN_SCOPES } from "@/lib/token-scopes";
import { closeRuntime, installRuntime, type Runtime } from "@/server/runtime";
import { createApiToken } from "@/server/tokens/api-tokens";
import { createFirstAdmin } from "@/server/users/create-first-admin";
import { unsafeCreateUser } from "@/server/users/create-user";
import { checkingAnswers } from "./contract-check";
import { serveHandler } from "./http-server";
import { createDispatcher } from "./route-table";
import { createTestBucket, createTestDatabase, requireTestEnv } from "./test-env";

export type Stack = "embedded" | "s3";

export interface TestUser {
  user: CurrentUser;
  password: string;
  /** An API token with every scope. */
  token: string;
  /** fetch against the app as this user (Bearer token), path relative to the app's origin. */
  api(pathname: string, init?: RequestInit): Promise<Response>;
  /**
   * Signs in with the password and answers a fetch that sends the session cookie, as the app's own
   * pages do: with the app's `Origin` unless `init` gives another (state changes need it).
   */
  signIn(): Promise<(pathname: string, init?: RequestInit) => Promise<Response>>;
}

export interface TestApp extends TestUser {
  stack: Stack;
  origin: string;
  runtime: Runtime;
  /** fetch with no credentials at all. */
  anonymous(pathname: string, init?: RequestInit): Promise<Response>;
  /** Another account (made by the admin), with its own token. */
  createUser(role?: "admin" | "user"): Promise<TestUser>;
  close(): Promise<void>;
}

let userCounter = 0;

function withSession(origin: string, cookie: string) {
  return (pathname: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("cookie", cookie);
    if (!headers.has("origin")) headers.set("origin", origin);
    return fetch(new URL(pathname, origin), { ...init, headers });
  };
}

/** Through the auth library's own API, not HTTP: test sign-ins must not use up the per-address sign-in limit. */
async function signInWithPassword(runtime: Runtime, origin: string, email: string, password: string) {
  const response = await runtime.auth.api.signInEmail({ body: { email, password }, asResponse: true });
  if (response.status !== 200) throw new Error(`sign-in as ${email}: HTTP ${response.status} ${await response.text()}`);
  return withSession(origin, response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; "));
}

function withToken(origin: string, token: string) {
  return (pathname: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has("authorization")) headers.set("authorization", `Bearer ${token}`);
    return fetch(new URL(pathname, origin), { ...init, headers });
  };
}

/** An account with a password and an API token, made through the real services. */
async function makeUser(runtime: Runtime, origin: string, role: "admin" | "user", first: boolean): Promise<TestUser> {
  userCounter += 1;
  const password = `correct horse battery ${userCounter}`;
  const input = { email: `user${userCounter}-${Date.now()}@example.test`, name: `Test User ${userCounter}`, password };
  const publicCtx = createPublicContext(runtime);
  const dto = first ? await createFirstAdmin(publicCtx, input) : await unsafeCreateUser(publicCtx, { ...input, role });
  const user: CurrentUser = { id: dto.id, email: dto.email, name: dto.name, role: dto.role, scopes: TOKEN_SCOPES };
  const { token } = await createApiToken(createServiceContext(runtime, user), { name: "tests", scopes: [...TOKEN_SCOPES] });
  return { user, password, token, api: withToken(origin, token), signIn: () => signInWithPassword(runtime, origin, user.email, password) };
}

/**
 * The real route handlers behind a real HTTP server, on a real stack: `embedded` is local storage
 * + PGlite (the zero-config default), `s3` is RGW + Postgres, each on a fresh bucket/database.
 */
export async function startTestApp(stack: Stack, extraEnv: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "pixbucket-app-"));
  const server = await serveHandler(checkingAnswers(createDispatcher()));
  const cleanups: (() => Promise<void>)[] = [() => server.close(), () => rm(dataDir, { recursive: true, force: true })];
  const env: Record<string, string> = { PIXBUCKET_DATA_DIR: dataDir, PIXBUCKET_PUBLIC_URL: server.origin, LOG_LEVEL: "silent", ...extraEnv };

  if (stack === "s3") {
    const testEnv = requireTestEnv();
    const bucket = await createTestBucket();
    const database = await createTestDatabase();
    cleanups.push(() => bucket.drop(), () => database.drop());
    Object.assign(env, {
      S3_ENDPOINT: testEnv.TEST_S3_ENDPOINT,
      S3_ACCESS_KEY_ID: testEnv.TEST_S3_ACCESS_KEY_ID,
      S3_SECRET_ACCESS_KEY: testEnv.TEST_S3_SECRET_ACCESS_KEY,
      S3_REGION: testEnv.TEST_S3_REGION,
      S3_BUCKET_NAME: bucket.bucket,
      DATABASE_URL: database.url,
    });
  } else {
    env.PIXBUCKET_STORAGE = "local";
  }

  const runtime = await installRuntime({ ...env, ...extraEnv });
  const admin = await makeUser(runtime, server.origin, "admin", true);
  return {
    ...admin,
    stack,
    origin: server.origin,
    runtime,
    anonymous: (pathname, init) => fetch(new URL(pathname, server.origin), init),
    createUser: (role = "user") => makeUser(runtime, server.origin, role, false),
    close: async () => {
      // The runtime first: its pool must release connections before the database is dropped.
      await closeRuntime();
      const failures: unknown[] = [];
      for (const cleanup of cleanups) await cleanup().catch((error: unknown) => failures.push(error));
      if (failures.length > 0) throw failures[0];
    },
  };
}
