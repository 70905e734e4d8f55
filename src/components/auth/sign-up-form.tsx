"use client";

import { signUp, type NewAccount } from "@/client/account-api";
import { NewAccountForm } from "./new-account-form";
import { reloadInto } from "./reload-into";

/** Self-registration (only when the operator turned it on): the new account is signed in at once. */
export function SignUpForm({ minPasswordLength }: { minPasswordLength: number }) {

  async function handleSubmit(account: NewAccount) {
    await signUp(account);
    reloadInto("/");
  }

  return <NewAccountForm submitLabel="Create account" pendingLabel="Creating…" minPasswordLength={minPasswordLength} onSubmit={handleSubmit} />;
}
