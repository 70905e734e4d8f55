"use client";

import { createFirstAdmin, signIn, type NewAccount } from "@/client/account-api";
import { NewAccountForm } from "./new-account-form";
import { reloadInto } from "./reload-into";

/** First run: creates the admin account, signs in and opens the app. */
export function SetupForm({ minPasswordLength }: { minPasswordLength: number }) {

  async function handleSubmit(account: NewAccount) {
    await createFirstAdmin(account);
    await signIn(account);
    reloadInto("/");
  }

  return <NewAccountForm submitLabel="Create admin account" pendingLabel="Creating…" minPasswordLength={minPasswordLength} onSubmit={handleSubmit} />;
}
