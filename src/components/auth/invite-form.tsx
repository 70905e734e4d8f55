"use client";

import { ApiError } from "@/client/api-client";
import { acceptInvite, signIn, type NewAccount } from "@/client/account-api";
import { NewAccountForm } from "./new-account-form";
import { reloadInto } from "./reload-into";

/** Accepts an invite link: creates the account, signs in and opens the app. */
export function InviteForm({ token, minPasswordLength }: { token: string; minPasswordLength: number }) {

  async function handleSubmit(account: NewAccount) {
    try {
      await acceptInvite(token, account);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        throw new Error("This invite link no longer works: it was used already, it expired, or it was mistyped. Ask your admin for a new one.");
      }
      throw error;
    }
    await signIn(account);
    reloadInto("/");
  }

  return <NewAccountForm submitLabel="Create account" pendingLabel="Creating…" minPasswordLength={minPasswordLength} onSubmit={handleSubmit} />;
}
