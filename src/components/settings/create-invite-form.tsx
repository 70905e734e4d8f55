"use client";

import { useId, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { LinkIcon } from "lucide-react";
import { FormAlert } from "@/components/auth/form-alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { RoleField } from "./role-field";
import { NativeSelect } from "@/components/ui/native-select";
import { createInvite } from "@/client/account-api";
import { invitesQueryKey } from "./settings-queries";

const lifetimes = [1, 7, 30] as const;

/** Admin: a single-use link that lets one person create their own account. */
export function CreateInviteForm() {
  const ids = { email: useId(), role: useId(), days: useId() };
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<"user" | "admin">("user");
  const [expiresInDays, setExpiresInDays] = useState<number>(7);
  const queryClient = useQueryClient();
  const mutation = useMutation({ mutationFn: createInvite, onSuccess: () => queryClient.invalidateQueries({ queryKey: invitesQueryKey }) });
  const invite = mutation.data;
  const link = invite ? new URL(invite.path, window.location.origin).toString() : null;

  return (
    <div className="flex flex-col gap-4">
      <form
        className="grid gap-3 sm:grid-cols-[1fr_8rem_8rem_auto] sm:items-end"
        aria-label="Create invite link"
        onSubmit={(event) => {
          event.preventDefault();
          mutation.mutate({ email: email.trim() || undefined, role, expiresInDays });
        }}
      >
        <div className="flex flex-col gap-2">
          <Label htmlFor={ids.email}>Email (optional)</Label>
          <Input id={ids.email} type="email" maxLength={254} placeholder="Anyone with the link" value={email} onChange={(event) => setEmail(event.target.value)} />
        </div>
        <RoleField id={ids.role} value={role} onChange={setRole} />
        <div className="flex flex-col gap-2">
          <Label htmlFor={ids.days}>Valid for</Label>
          <NativeSelect id={ids.days} value={expiresInDays} onChange={(event) => setExpiresInDays(Number(event.target.value))}>
            {lifetimes.map((days) => (
              <option key={days} value={days}>
                {days === 1 ? "1 day" : `${days} days`}
              </option>
            ))}
          </NativeSelect>
        </div>
        <Button type="submit" disabled={mutation.isPending}>
          <LinkIcon aria-hidden="true" />
          {mutation.isPending ? "Creating…" : "Create link"}
        </Button>
      </form>
      {mutation.error && <FormAlert>{mutation.error.message}</FormAlert>}
      {invite && link && (
        <div role="status" className="flex flex-col gap-2 rounded-lg border p-3" data-testid="invite-link">
          <p className="text-sm">
            Send this link; it works once and until <time dateTime={invite.expiresAt}>{new Date(invite.expiresAt).toLocaleString()}</time>.
          </p>
          <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
            <code className="min-w-0 flex-1 rounded-md border bg-muted/40 px-3 py-2 font-mono text-xs break-all select-all">{link}</code>
            <CopyButton value={link} label="Copy link" />
          </div>
        </div>
      )}
    </div>
  );
}
