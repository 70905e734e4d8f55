/**
 * Browser calls for accounts: first-run setup, sign-in/out, invites, password, API tokens and
 * (admin) users. Our routes answer errors as `{"error": {"code", "message"}}`; the auth library's
 * own endpoints (`/api/auth/*`) answer `{"code", "message"}`. Both become an `ApiError`.
 */
import { ApiError } from "./api-client";
import type { ApiTokenDto as ApiTokenInfo } from "@/contract/tokens";
import type { CreatedInvite, InviteDto } from "@/contract/invites";
import type { MeDto, NewAccountInput, UsageDto, UserDto } from "@/contract/users";
import type { TokenScope } from "@/lib/token-scopes";

/** Who is signed in, as GET /api/me names them. */
export type AccountUser = MeDto["user"];

/** What an account holds and its limits; a null quota (or measure) means no limit. */
export type AccountUsage = UsageDto;

/** An account as the admin list shows it. */
export type ManagedUser = UserDto;

export type { ApiTokenDto as ApiTokenInfo } from "@/contract/tokens";

/** A new invite link, shown once; `path` is relative (`/invite/pbi_…`). */
export type Invite = CreatedInvite["invite"];

export type NewAccount = NewAccountInput;

/** A 429: `retryAfterSeconds` comes from the server's Retry-After header. */
export class RateLimitedError extends ApiError {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super("rate_limited", message, 429);
    this.name = "RateLimitedError";
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

function readErrorBody(body: unknown): { code: string; message: string } | null {
  if (typeof body !== "object" || body === null) return null;
  const inner = "error" in body && typeof body.error === "object" && body.error !== null ? body.error : body;
  const { code, message } = inner as { code?: unknown; message?: unknown };
  if (typeof message !== "string" || message === "") return null;
  return { code: typeof code === "string" ? code : "error", message };
}

function fallbackMessage(status: number): string {
  if (status === 401) return "You are signed out — sign in and try again.";
  if (status === 403) return "You are not allowed to do that.";
  if (status >= 500) return `The server had a problem (HTTP ${status}) — try again in a moment.`;
  return `The server answered HTTP ${status}.`;
}

async function toError(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  const parsed = readErrorBody(body);
  if (response.status === 429) {
    const retryAfterSeconds = Math.max(1, Number.parseInt(response.headers.get("retry-after") ?? "", 10) || 60);
    return new RateLimitedError(parsed?.message ?? `Too many attempts — try again in ${retryAfterSeconds} s.`, retryAfterSeconds);
  }
  return new ApiError(parsed?.code ?? "error", parsed?.message ?? fallbackMessage(response.status), response.status);
}

async function send<T>(path: string, method: "GET" | "POST" | "PATCH" | "DELETE", json?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { accept: "application/json", ...(json !== undefined ? { "content-type": "application/json" } : {}) },
      body: json !== undefined ? JSON.stringify(json) : undefined,
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    throw new ApiError("network_error", "Could not reach the server — check your connection and try again.", 0);
  }
  if (!response.ok) throw await toError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json().catch(() => ({}))) as T;
}

const id = (value: string) => encodeURIComponent(value);

// --- First run, sign-in, invites -------------------------------------------------------------

/** GET /api/setup — whether the one-time admin creation is still open. */
export async function getSetupStatus(): Promise<{ needsAdmin: boolean }> {
  return send("/api/setup", "GET");
}

/** POST /api/setup — the first admin (only while there are no accounts). */
export async function createFirstAdmin(account: NewAccount): Promise<AccountUser> {
  return (await send<{ user: AccountUser }>("/api/setup", "POST", account)).user;
}

/** POST /api/auth/sign-in/email — sets the session cookie. */
export async function signIn(credentials: { email: string; password: string }): Promise<void> {
  await send("/api/auth/sign-in/email", "POST", { ...credentials, rememberMe: true });
}

/** POST /api/auth/sign-up/email — only when the operator allows sign-up; signs the new user in. */
export async function signUp(account: NewAccount): Promise<void> {
  await send("/api/auth/sign-up/email", "POST", account);
}

/** POST /api/auth/sign-out — ends this session. */
export async function signOut(): Promise<void> {
  await send("/api/auth/sign-out", "POST", {});
}

/** POST /api/invites/{token}/accept — creates the invited account (then sign in). */
export async function acceptInvite(token: string, account: NewAccount): Promise<AccountUser> {
  return (await send<{ user: AccountUser }>(`/api/invites/${id(token)}/accept`, "POST", account)).user;
}

/** POST /api/auth/change-password — optionally signs out every other session. */
export async function changePassword(input: { currentPassword: string; newPassword: string; revokeOtherSessions: boolean }): Promise<void> {
  await send("/api/auth/change-password", "POST", input);
}

/**
 * Every item of a keyset-paginated list, 200 a request. Settings shows these lists whole; they are
 * short in practice, and paging keeps each request's cost bounded on the server.
 */
async function allPages<K extends string, T>(path: string, field: K): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Record<K, T[]> & { nextCursor: string | null } = await send(`${path}?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, "GET");
    items.push(...page[field]);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

// --- API tokens ------------------------------------------------------------------------------

export async function listApiTokens(): Promise<ApiTokenInfo[]> {
  return allPages<"tokens", ApiTokenInfo>("/api/tokens", "tokens");
}

/** The secret is in this answer only. */
export async function createApiToken(input: { name: string; expiresInDays: number | null; scopes?: TokenScope[] }): Promise<{ token: string; apiToken: ApiTokenInfo }> {
  return send("/api/tokens", "POST", input);
}

export async function revokeApiToken(tokenId: string): Promise<void> {
  await send(`/api/tokens/${id(tokenId)}`, "DELETE");
}

/** GET /api/me — the caller, what they hold and their quota. */
export async function getMe(): Promise<{ user: AccountUser } & AccountUsage> {
  return send<{ user: AccountUser } & AccountUsage>("/api/me", "GET");
}

// --- Admin -----------------------------------------------------------------------------------

export async function listUsers(): Promise<ManagedUser[]> {
  return allPages<"users", ManagedUser>("/api/users", "users");
}

export async function createUser(input: NewAccount & { role: "admin" | "user" }): Promise<ManagedUser> {
  return (await send<{ user: ManagedUser }>("/api/users", "POST", input)).user;
}

/** Disabling ends the user's sessions and tokens at once. */
export async function setUserDisabled(userId: string, disabled: boolean): Promise<ManagedUser> {
  return (await send<{ user: ManagedUser }>(`/api/users/${id(userId)}`, "PATCH", { disabled })).user;
}

/** Null removes the quota; a null measure inside has no limit. */
export async function setUserQuota(userId: string, quota: AccountUsage["quota"]): Promise<ManagedUser> {
  return (await send<{ user: ManagedUser }>(`/api/users/${id(userId)}`, "PATCH", { quota })).user;
}

/** GET /api/invites — every admin's invites, newest first. */
export async function listInvites(): Promise<InviteDto[]> {
  return allPages<"invites", InviteDto>("/api/invites", "invites");
}

/** DELETE /api/invites/{id} — the link stops working at once. */
export async function revokeInvite(inviteId: string): Promise<void> {
  await send(`/api/invites/${id(inviteId)}`, "DELETE");
}

export async function createInvite(input: { email?: string; role: "admin" | "user"; expiresInDays: number }): Promise<Invite> {
  return (await send<{ invite: Invite }>("/api/invites", "POST", input)).invite;
}
