"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { listUsers, setUserDisabled, type ManagedUser } from "@/client/account-api";
import { ConfirmActionDialog } from "@/components/ui/confirm-action-dialog";
import { formatUsage } from "@/lib/format-usage";
import { QuotaDialog } from "./quota-dialog";
import { usersQueryKey } from "./settings-queries";
import { listPlaceholder, SettingsTable, useListMutation } from "./settings-table";

/** Admin: every account with what it holds, its quota, and disable (confirmed: it ends sessions and tokens) and enable. */
export function UserList({ currentUserId }: { currentUserId: string }) {
  const [toDisable, setToDisable] = useState<ManagedUser | null>(null);
  const [quotaFor, setQuotaFor] = useState<ManagedUser | null>(null);
  const query = useQuery({ queryKey: usersQueryKey, queryFn: listUsers });
  const update = useListMutation({
    mutationFn: ({ user, disabled }: { user: ManagedUser; disabled: boolean }) => setUserDisabled(user.id, disabled),
    queryKey: usersQueryKey,
    successMessage: (user) => (user.disabled ? `${user.email} is disabled.` : `${user.email} can sign in again.`),
    onDone: () => setToDisable(null),
  });

  const placeholder = listPlaceholder(query, { what: "the accounts" });
  if (placeholder || !query.data) return placeholder;

  return (
    <div className="overflow-x-auto">
      <SettingsTable label="Users" columns={["Name", "Email", "Role", "Status", "Storage"]}>
          {query.data.map((user) => (
            <tr key={user.id} className="border-b last:border-0" data-testid="user-row">
              <td className="py-2 pr-4 font-medium">{user.name}</td>
              <td className="py-2 pr-4">{user.email}</td>
              <td className="py-2 pr-4">{user.role === "admin" ? "Admin" : "User"}</td>
              <td className="py-2 pr-4">{user.disabled ? <Badge variant="destructive">Disabled</Badge> : <Badge variant="success">Active</Badge>}</td>
              <td className="py-2 pr-4">
                <Button variant="link" size="sm" className="h-auto p-0 text-left font-normal" onClick={() => setQuotaFor(user)} aria-label={`Quota for ${user.email}`}>
                  {formatUsage(user)}
                </Button>
              </td>
              <td className="py-2 text-right">
                {user.id === currentUserId ? (
                  <span className="text-xs text-muted-foreground">You</span>
                ) : user.disabled ? (
                  <Button variant="outline" size="sm" disabled={update.isPending} onClick={() => update.mutate({ user, disabled: false })} aria-label={`Enable ${user.email}`}>
                    Enable
                  </Button>
                ) : (
                  <Button variant="outline" size="sm" onClick={() => setToDisable(user)} aria-label={`Disable ${user.email}`}>
                    Disable
                  </Button>
                )}
              </td>
            </tr>
          ))}
      </SettingsTable>
      {quotaFor && <QuotaDialog user={quotaFor} onClose={() => setQuotaFor(null)} />}
      <ConfirmActionDialog
        open={toDisable !== null}
        onOpenChange={(open) => !open && setToDisable(null)}
        title={`Disable ${toDisable?.email ?? ""}?`}
        description="They are signed out everywhere and their API tokens stop working at once. You can enable the account again later."
        confirmLabel="Disable account"
        isPending={update.isPending}
        onConfirm={() => toDisable && update.mutate({ user: toDisable, disabled: true })}
      />
    </div>
  );
}
