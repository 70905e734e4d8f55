import "server-only";
import type { PublicContext } from "../context";
import { checkSharePassword } from "./check-share-password";
import { unsafeGetActiveShare } from "./share-by-token";
import { unlockCookieHeader } from "./unlock-cookie";
import { UnlockShareInput } from "@/contract/shares";

/**
 * Public: checks a share's password (wrong ones are rate limited) and answers with the cookie that
 * lets the share page in for a day. Not a view: the page counts that when it renders.
 */
export async function unlockShare(ctx: PublicContext, token: string, input: UnlockShareInput, address: string): Promise<{ setCookie: string; unlockedUntil: string }> {
  const { password } = UnlockShareInput.parse(input);
  const share = await unsafeGetActiveShare(ctx, token);
  await checkSharePassword(ctx, share, password, address);
  const cookie = unlockCookieHeader(ctx.config, share, token, ctx.now());
  return { setCookie: cookie.header, unlockedUntil: cookie.expiresAt.toISOString() };
}
