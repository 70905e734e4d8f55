"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { listApiTokens, revokeApiToken, type ApiTokenInfo } from "@/client/account-api";
import { formatRelativeTime } from "@/lib/format-relative-time";
import { ConfirmActionDialog } from "@/components/ui/confirm-action-dialog";
import { apiTokensQueryKey } from "./settings-queries";
import { listPlaceholder, SettingsTable, useListMutation } from "./settings-table";

function When({ iso, nowMs, empty }: { iso: string | null; nowMs: number; empty: string }) {
  if (!iso) return <span className="text-muted-foreground">{empty}</span>;
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()}>
      {formatRelativeTime(iso, nowMs)}
    </time>
  );
}

function tokenStatus(token: ApiTokenInfo, nowMs: number): "active" | "revoked" | "expired" {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && Date.parse(token.expiresAt) <= nowMs) return "expired";
  return "active";
}

/** The caller's tokens: prefix, scopes, created, expires, last used; revoke with a confirmation. */
export function TokenList() {
  const [nowMs] = useState(() => Date.now());
  const [pending, setPending] = useState<ApiTokenInfo | null>(null);
  const query = useQuery({ queryKey: apiTokensQueryKey, queryFn: listApiTokens });
  const revoke = useListMutation({
    mutationFn: (token: ApiTokenInfo) => revokeApiToken(token.id),
    queryKey: apiTokensQueryKey,
    successMessage: (_, token) => `Token “${token.name}” revoked.`,
    onDone: () => setPending(null),
  });

  const placeholder = listPlaceholder(query, { what: "your tokens", empty: "No tokens yet." });
  if (placeholder || !query.data) return placeholder;

  return (
    <div className="overflow-x-auto">
      <SettingsTable label="API tokens" columns={["Name", "Token", "May", "Created", "Expires", "Last used"]}>
          {query.data.map((token) => {
            const status = tokenStatus(token, nowMs);
            return (
              <tr key={token.id} className="border-b last:border-0" data-testid="token-row">
                <td className="py-2 pr-4 font-medium">{token.name}</td>
                <td className="py-2 pr-4 font-mono text-xs">{token.prefix}…</td>
                <td className="py-2 pr-4">{token.scopes.join(", ")}</td>
                <td className="py-2 pr-4">
                  <When iso={token.createdAt} nowMs={nowMs} empty="–" />
                </td>
                <td className="py-2 pr-4">
                  <When iso={token.expiresAt} nowMs={nowMs} empty="Never" />
                </td>
                <td className="py-2 pr-4">
                  <When iso={token.lastUsedAt} nowMs={nowMs} empty="Never" />
                </td>
                <td className="py-2 text-right">
                  {status === "active" ? (
                    <Button variant="outline" size="sm" onClick={() => setPending(token)} aria-label={`Revoke ${token.name}`}>
                      Revoke
                    </Button>
                  ) : (
                    <Badge variant="secondary">{status === "revoked" ? "Revoked" : "Expired"}</Badge>
                  )}
                </td>
              </tr>
            );
          })}
      </SettingsTable>
      <ConfirmActionDialog
        open={pending !== null}
        onOpenChange={(open) => !open && setPending(null)}
        title={`Revoke “${pending?.name ?? ""}”?`}
        description="Scripts and tools using this token stop working at once. This cannot be undone."
        confirmLabel="Revoke token"
        isPending={revoke.isPending}
        onConfirm={() => pending && revoke.mutate(pending)}
      />
    </div>
  );
}
