"use client";

import { useId, useState } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ApiError } from "@/client/api-client";
import { changePassword } from "@/client/account-api";

function describeError(error: unknown): string {
  if (error instanceof ApiError && error.code === "INVALID_PASSWORD") return "The current password is wrong.";
  return error instanceof Error ? error.message : "Could not change the password — try again.";
}

export function ChangePasswordForm({ minPasswordLength }: { minPasswordLength: number }) {
  const ids = { current: useId(), next: useId(), confirm: useId(), revoke: useId() };
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [revokeOtherSessions, setRevokeOtherSessions] = useState(true);
  const [isPending, setIsPending] = useState(false);
  const [outcome, setOutcome] = useState<{ tone: "error" | "success"; message: string } | null>(null);

  async function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (newPassword.length < minPasswordLength) return setOutcome({ tone: "error", message: `The new password needs at least ${minPasswordLength} characters.` });
    if (newPassword !== confirm) return setOutcome({ tone: "error", message: "The two new passwords are not the same." });
    setIsPending(true);
    setOutcome(null);
    try {
      await changePassword({ currentPassword, newPassword, revokeOtherSessions });
      setCurrentPassword("");
      setNewPassword("");
      setConfirm("");
      setOutcome({ tone: "success", message: revokeOtherSessions ? "Password changed. Your other sessions were signed out." : "Password changed." });
    } catch (error) {
      setOutcome({ tone: "error", message: describeError(error) });
    } finally {
      setIsPending(false);
    }
  }

  return (
    <form className="grid max-w-md gap-4" onSubmit={handleSubmit} aria-label="Change password">
      <div className="flex flex-col gap-2">
        <Label htmlFor={ids.current}>Current password</Label>
        <Input id={ids.current} type="password" autoComplete="current-password" required value={currentPassword} onChange={(event) => setCurrentPassword(event.target.value)} />
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor={ids.next}>New password</Label>
        <Input
          id={ids.next}
          type="password"
          autoComplete="new-password"
          required
          minLength={minPasswordLength}
          maxLength={256}
          value={newPassword}
          onChange={(event) => setNewPassword(event.target.value)}
        />
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor={ids.confirm}>Confirm new password</Label>
        <Input id={ids.confirm} type="password" autoComplete="new-password" required value={confirm} onChange={(event) => setConfirm(event.target.value)} />
      </div>
      <div className="flex items-center gap-2">
        <Checkbox id={ids.revoke} checked={revokeOtherSessions} onCheckedChange={(checked) => setRevokeOtherSessions(checked === true)} />
        <Label htmlFor={ids.revoke} className="font-normal">
          Sign out my other sessions
        </Label>
      </div>
      {outcome && <FormAlert tone={outcome.tone}>{outcome.message}</FormAlert>}
      <div>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Changing…" : "Change password"}
        </Button>
      </div>
    </form>
  );
}
