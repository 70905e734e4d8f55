"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmActionDialog } from "@/components/ui/confirm-action-dialog";
import { listInvites, revokeInvite } from "@/client/account-api";
import type { InviteDto } from "@/contract/invites";
import { formatRelativeTime } from "@/lib/format-relative-time";
import { invitesQueryKey } from "./settings-queries";
import { listPlaceholder, SettingsTable, useListMutation } from "./settings-table";

const stateLabels = { used: "Used", expired: "Expired" } as const;

const inviteLabel = (invite: InviteDto) => invite.email ?? "Anyone with the link";

/** Admin: every invite link (the links themselves were shown once), revoke an unused one with a confirmation. */
export function InviteList() {
  const [nowMs] = useState(() => Date.now());
  const [pending, setPending] = useState<InviteDto | null>(null);
  const query = useQuery({ queryKey: invitesQueryKey, queryFn: listInvites });
  const revoke = useListMutation({
    mutationFn: (invite: InviteDto) => revokeInvite(invite.id),
    queryKey: invitesQueryKey,
    successMessage: (_, invite) => `Invite for ${inviteLabel(invite)} revoked.`,
    onDone: () => setPending(null),
  });

  const placeholder = listPlaceholder(query, { what: "the invites", empty: "No invites yet.", className: "mt-6" });
  if (placeholder || !query.data) return placeholder;

  return (
    <div className="mt-6 overflow-x-auto">
      <SettingsTable label="Invites" columns={["For", "Role", "Created by", "Expires"]}>
          {query.data.map((invite) => (
            <tr key={invite.id} className="border-b last:border-0" data-testid="invite-row">
              <td className="py-2 pr-4 font-medium">{inviteLabel(invite)}</td>
              <td className="py-2 pr-4">{invite.role === "admin" ? "Admin" : "User"}</td>
              <td className="py-2 pr-4">{invite.createdBy.email}</td>
              <td className="py-2 pr-4">
                <time dateTime={invite.expiresAt} title={new Date(invite.expiresAt).toLocaleString()}>
                  {formatRelativeTime(invite.expiresAt, nowMs)}
                </time>
              </td>
              <td className="py-2 text-right">
                {invite.state === "pending" ? (
                  <Button variant="outline" size="sm" onClick={() => setPending(invite)} aria-label={`Revoke invite for ${inviteLabel(invite)}`}>
                    Revoke
                  </Button>
                ) : (
                  <Badge variant="secondary">{stateLabels[invite.state]}</Badge>
                )}
              </td>
            </tr>
          ))}
      </SettingsTable>
      <ConfirmActionDialog
        open={pending !== null}
        onOpenChange={(open) => !open && setPending(null)}
        title={`Revoke the invite for ${pending ? inviteLabel(pending) : ""}?`}
        description="The link stops working at once. This cannot be undone."
        confirmLabel="Revoke invite"
        isPending={revoke.isPending}
        onConfirm={() => pending && revoke.mutate(pending)}
      />
    </div>
  );
}
