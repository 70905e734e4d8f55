import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { CurrentUser } from "../context";
import type { UserRow } from "../db/schema";
import { getRuntime } from "../runtime";
import { toSessionCaller } from "./resolve-caller";

/**
 * The signed-in person for a page render, from the session cookie (checked against the database,
 * not just present: the proxy only looks for the cookie). Null when signed out or disabled.
 * Cached per request, so the layout and the page share one lookup.
 */
export const getPageUser = cache(async (): Promise<CurrentUser | null> => {
  // Outside the try: during a static build `headers()` throws to mark the page dynamic.
  const requestHeaders = await headers();
  const runtime = await getRuntime();
  const session = await runtime.auth.api.getSession({ headers: requestHeaders }).catch(() => null);
  if (!session) return null;
  const user = session.user as Pick<UserRow, "id" | "email" | "name" | "role" | "banned">;
  if (user.banned) return null;
  return toSessionCaller(user);
});

/** For pages behind sign-in: the user, or a redirect to the sign-in page. */
export async function requirePageUser(): Promise<CurrentUser> {
  const user = await getPageUser();
  if (!user) redirect("/sign-in");
  return user;
}
