"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { NewAccount } from "@/client/account-api";
import { FormAlert } from "./form-alert";

export interface NewAccountFormProps {
  submitLabel: string;
  pendingLabel: string;
  minPasswordLength: number;
  /** Creates the account (and signs in); throws an Error whose message is shown. */
  onSubmit(account: NewAccount): Promise<void>;
}

/** Name, email and a password typed twice: first-run setup, invites and sign-up share it. */
export function NewAccountForm({ submitLabel, pendingLabel, minPasswordLength, onSubmit }: NewAccountFormProps) {
  const ids = { name: useId(), email: useId(), password: useId(), confirm: useId(), hint: useId() };
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (password.length < minPasswordLength) return setError(`The password needs at least ${minPasswordLength} characters.`);
    if (password !== confirm) return setError("The two passwords are not the same.");
    setIsPending(true);
    setError(null);
    try {
      await onSubmit({ name: name.trim(), email: email.trim(), password });
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "Something went wrong — try again.");
      setIsPending(false);
    }
  }

  return (
    <form className="flex flex-col gap-4" onSubmit={handleSubmit}>
      <div className="flex flex-col gap-2">
        <Label htmlFor={ids.name}>Name</Label>
        <Input id={ids.name} autoComplete="name" required maxLength={100} autoFocus value={name} onChange={(event) => setName(event.target.value)} />
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor={ids.email}>Email</Label>
        <Input id={ids.email} type="email" autoComplete="username" required maxLength={254} value={email} onChange={(event) => setEmail(event.target.value)} />
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor={ids.password}>Password</Label>
        <Input
          id={ids.password}
          type="password"
          autoComplete="new-password"
          required
          minLength={minPasswordLength}
          maxLength={256}
          aria-describedby={ids.hint}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <p id={ids.hint} className="text-xs text-muted-foreground">
          At least {minPasswordLength} characters.
        </p>
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor={ids.confirm}>Confirm password</Label>
        <Input id={ids.confirm} type="password" autoComplete="new-password" required value={confirm} onChange={(event) => setConfirm(event.target.value)} />
      </div>
      {error && <FormAlert>{error}</FormAlert>}
      <Button type="submit" disabled={isPending}>
        {isPending ? pendingLabel : submitLabel}
      </Button>
    </form>
  );
}
